"""One error tree. Every error has a stable code and a translatable message id.

Codes are stable: they are stored in the scan journal and audit log, so never reuse
or rename one. The message id names the catalog entry; params fill its `{names}`.
"""

from __future__ import annotations

from typing import ClassVar

from wms_tui.i18n import _, words_for


class WmsError(Exception):
    code: ClassVar[str] = "E000"
    msgid: ClassVar[str] = "error.generic"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(f"{self.code} {self.msgid} {params}")

    def __reduce__(self) -> tuple[object, ...]:
        # Exception's own pickling passes the text positionally, which __init__ refuses: an
        # error raised in a worker process would then never reach the parent.
        return (_rebuilt, (type(self), self.params))

    # Params named here hold a language-neutral id; message() shows its translation
    # (`prefix + id`), so the journal keeps the id and the screen shows words.
    translated_params: ClassVar[dict[str, str]] = {}

    def message(self) -> str:
        params = dict(self.params)
        for name, prefix in self.translated_params.items():
            if name in params:
                params[name] = words_for(prefix, params[name])
        return _(self.msgid, **params)


def _rebuilt(kind: type[WmsError], params: dict[str, object]) -> WmsError:
    return kind(**params)


# --- configuration -------------------------------------------------------------------
class ConfigError(WmsError):
    code = "E100"
    msgid = "error.config"


# --- scans and codes ---------------------------------------------------------------
class ScanError(WmsError):
    code = "E200"
    msgid = "error.scan"


class EmptyScan(ScanError):
    code = "E201"
    msgid = "error.scan.empty"


class MalformedScan(ScanError):
    """Control characters, too long, non-ASCII digits: never guessed at."""

    code = "E202"
    msgid = "error.scan.malformed"
    translated_params: ClassVar[dict[str, str]] = {"why": "scan.why."}


class BadCheckDigit(ScanError):
    code = "E203"
    msgid = "error.scan.check_digit"


class UnknownCode(ScanError):
    code = "E204"
    msgid = "error.scan.unknown"


class BadGs1(ScanError):
    code = "E205"
    msgid = "error.scan.gs1"
    translated_params: ClassVar[dict[str, str]] = {"why": "scan.why."}


class UnexpectedScan(ScanError):
    """A workflow step accepts some kinds; this names what it expected and what it got."""

    code = "E206"
    msgid = "error.scan.unexpected"


# --- stock ledger ------------------------------------------------------------------
class LedgerError(WmsError):
    code = "E300"
    msgid = "error.ledger"


class InvalidMove(LedgerError):
    code = "E301"
    msgid = "error.ledger.invalid_move"


class InsufficientStock(LedgerError):
    code = "E302"
    msgid = "error.ledger.insufficient"


class AlreadyReversed(LedgerError):
    code = "E303"
    msgid = "error.ledger.already_reversed"


class UnknownMove(LedgerError):
    code = "E304"
    msgid = "error.ledger.unknown_move"


class LocationFrozen(LedgerError):
    """Stock may not leave a location frozen for a cycle count. The one error for it, from
    the ledger, picking and counting alike: where the count is known (`plan`, `operator`)
    the message names it and its stocktaker, so the picker knows whom to ask."""

    code = "E305"
    msgid = "error.ledger.frozen"

    def message(self) -> str:
        if "plan" in self.params:
            return _("count.error.being_counted", **self.params)
        return super().message()


# --- master data and orders ---------------------------------------------------------
class NotFound(WmsError):
    code = "E400"
    msgid = "error.not_found"


class UnknownSku(NotFound):
    code = "E401"
    msgid = "error.unknown_sku"


class UnknownLocation(NotFound):
    code = "E402"
    msgid = "error.unknown_location"


class UnknownOrder(NotFound):
    code = "E403"
    msgid = "error.unknown_order"


class UnknownOperator(NotFound):
    code = "E404"
    msgid = "error.unknown_operator"


class IllegalTransition(WmsError):
    code = "E410"
    msgid = "error.order.transition"


class OverPick(WmsError):
    code = "E411"
    msgid = "error.over_pick"


class InvalidQuantity(WmsError):
    code = "E412"
    msgid = "error.quantity"


class DuplicateEntry(WmsError):
    code = "E413"
    msgid = "error.duplicate"
    translated_params: ClassVar[dict[str, str]] = {"what": "entity."}


class InvalidValue(WmsError):
    """A field that is not one of the allowed values (a role, a kind, a language ...)."""

    code = "E414"
    msgid = "error.invalid_value"


# --- operators and access ----------------------------------------------------------
class AuthError(WmsError):
    code = "E500"
    msgid = "error.auth"


class WrongPin(AuthError):
    code = "E501"
    msgid = "error.auth.wrong_pin"


class OperatorLocked(AuthError):
    code = "E502"
    msgid = "error.auth.locked"


class OperatorDisabled(AuthError):
    code = "E503"
    msgid = "error.auth.disabled"


class NotAllowed(AuthError):
    code = "E504"
    msgid = "error.auth.not_allowed"


class CourierBadge(AuthError):
    """A courier driver's badge signs for parcels at the dock; it opens no station."""

    code = "E514"
    msgid = "error.auth.courier_badge"


class BadPinFormat(AuthError):
    code = "E505"
    msgid = "error.auth.pin_format"


class PinRequired(AuthError):
    """Authorising for someone else (an unlock) needs a PIN only that person knows."""

    code = "E506"
    msgid = "error.auth.pin_required"


class WeakPin(AuthError):
    """A supervisor's or admin's PIN opens every door: a 4-digit hash falls to an offline
    search in minutes, so theirs is longer."""

    code = "E507"
    msgid = "error.auth.weak_pin"


class PinNotGiven(AuthError):
    """A command acting for a person got no PIN (no terminal to ask on, no file, no variable)."""

    code = "E508"
    msgid = "error.auth.pin_not_given"


class NewPinNotGiven(AuthError):
    code = "E511"
    msgid = "error.auth.new_pin_not_given"


class AdminExists(AuthError):
    """`operators bootstrap` makes the first admin of an empty database, and only that."""

    code = "E509"
    msgid = "error.auth.admin_exists"


class PinDelayed(AuthError):
    """A supervisor's or admin's PIN after too many wrong ones: wait, then try again."""

    code = "E512"
    msgid = "error.auth.pin_delayed"


class BadgeScanStale(AuthError):
    code = "E513"
    msgid = "error.auth.badge_stale"


class PinsDiffer(AuthError):
    code = "E510"
    msgid = "error.auth.pins_differ"


# --- import files ------------------------------------------------------------------
class ImportRejected(WmsError):
    """A file with any bad row is rejected whole; `problems` lists every one."""

    code = "E600"
    msgid = "error.import.rejected"


class FileProblem(WmsError):
    """A file the station reads or writes (a sheet, an export, an import) cannot be used."""

    code = "E601"
    msgid = "error.file"


# --- storage -----------------------------------------------------------------------
class StorageError(WmsError):
    code = "E700"
    msgid = "error.storage"


class DatabaseBusy(StorageError):
    code = "E701"
    msgid = "error.storage.busy"


class DatabaseUnavailable(StorageError):
    code = "E702"
    msgid = "error.storage.unavailable"


class ConcurrentChange(StorageError):
    code = "E703"
    msgid = "error.storage.conflict"


class DatabaseMissing(WmsError):
    """`wms run` and the commands never make a database: an empty one would quietly replace a
    lost one. `wms db init` makes an empty one, `wms demo` a demo one."""

    code = "E704"
    msgid = "error.storage.missing"


class DatabaseReplaced(StorageError):
    """The database the station opened was deleted or swapped under it: writing on would
    write to a file nobody will ever read. Scans wait in memory; a restart is needed."""

    code = "E705"
    msgid = "error.storage.replaced"


class BackupProblem(WmsError):
    """A backup could not be written, or the copy failed its check: not a backup."""

    code = "E707"
    msgid = "error.backup.failed"


class RestoreRefused(WmsError):
    """A restore goes only into a database that does not exist yet or holds nothing."""

    code = "E708"
    msgid = "error.backup.not_empty"


class RestoreNotConfirmed(WmsError):
    code = "E709"
    msgid = "error.backup.not_confirmed"


class GrantRefused(WmsError):
    """`wms db grant`: PostgreSQL only, for a login role that exists."""

    code = "E711"
    msgid = "error.storage.grant_refused"


class DemoRefused(WmsError):
    """The demo writes published PINs and made-up orders: never into a real warehouse."""

    code = "E706"
    msgid = "error.storage.demo_refused"


class LeaseHeld(WmsError):
    """Somebody else works this order / wave / location right now."""

    code = "E710"
    msgid = "error.lease.held"
