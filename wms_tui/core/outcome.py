"""What a scan or an action came to, ready for a banner, a line and a sound."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from wms_tui.core.errors import WmsError
from wms_tui.core.ports import SoundClass
from wms_tui.i18n import _, words_for


class OutcomeStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    """Carries message ids, not text: the screen translates, so a language switch re-renders."""

    status: OutcomeStatus
    sound: SoundClass
    msgid: str
    params: dict[str, object] = field(default_factory=dict)
    scan_id: str = ""
    scan_text: str = ""
    scan_source: str = ""  # where it came from: a scanner's name, "manual", or a key action
    kind: str = ""
    error_code: str = ""
    # Params that hold a language-neutral id, shown as `_(prefix + id)` (WmsError's own
    # translated_params): the words follow a language switch, the journal keeps the id.
    translated_params: tuple[tuple[str, str], ...] = ()
    # What the screen shows after this scan, computed by the handler in the scan's own
    # transaction (InspectionState ...): the screen draws it instead of reading it again.
    view: object = field(default=None, compare=False)

    def text(self) -> str:
        params = dict(self.params)
        for name, prefix in self.translated_params:
            if name in params:
                params[name] = words_for(prefix, params[name])
        return _(self.msgid, **params)

    @property
    def ok(self) -> bool:
        return self.status is OutcomeStatus.ACCEPTED

    @classmethod
    def accepted(cls, msgid: str, sound: SoundClass = SoundClass.OK, **params: object) -> Outcome:
        return cls(OutcomeStatus.ACCEPTED, sound, msgid, dict(params))

    @classmethod
    def recorded(cls, error: WmsError, sound: SoundClass = SoundClass.ERROR) -> Outcome:
        """A refusal that is also a record, kept and not rolled back (a wrong scan counted
        against an inspection, a parcel intercepted at the dock): the error's words and code,
        accepted."""
        return replace(cls.from_error(error, sound), status=OutcomeStatus.ACCEPTED)

    @classmethod
    def from_error(cls, error: WmsError, sound: SoundClass = SoundClass.ERROR) -> Outcome:
        return cls(
            OutcomeStatus.REJECTED,
            sound,
            error.msgid,
            dict(error.params),
            error_code=error.code,
            translated_params=tuple(error.translated_params.items()),
        )
