"""Translation: every user-facing string goes through `_`.

Catalogs are gettext `.po` files, one folder per language and one file per area
(`zh_CN/core.po`, `en/ui.po`, ...), so each area keeps its own messages. They are
read directly at start-up: no compile step that a fresh checkout could miss.
Message ids are symbolic (`scan.unknown`); the English text lives in `en/`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from wms_tui.core.text import shown

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
_FALLBACK = "en"
_HERE = Path(__file__).parent

_lock = threading.Lock()
_catalogs: dict[str, dict[str, str]] = {}
_current = DEFAULT_LANGUAGE


class _SafeParams(dict[str, object]):
    """Leaves an unknown `{name}` visible instead of raising mid-scan."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted po string: {text!r}")
    body = text[1:-1]
    out: list[str] = []
    i = 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_po(text: str, source: str = "<po>") -> dict[str, str]:
    """Parse the subset of the .po format we write: msgid/msgstr with continuation lines."""
    entries: dict[str, str] = {}
    field: str | None = None
    msgid: list[str] = []
    msgstr: list[str] = []

    def flush() -> None:
        key = "".join(msgid)
        if key:
            if key in entries:
                raise ValueError(f"{source}: duplicate msgid {key!r}")
            entries[key] = "".join(msgstr)

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("msgid "):
                if field == "msgstr":
                    flush()
                msgid, msgstr = [_unquote(line[6:])], []
                field = "msgid"
            elif line.startswith("msgstr "):
                msgstr = [_unquote(line[7:])]
                field = "msgstr"
            elif line.startswith('"'):
                (msgid if field == "msgid" else msgstr).append(_unquote(line))
            else:
                raise ValueError(f"unexpected line {line!r}")
        except ValueError as exc:
            raise ValueError(f"{source}:{lineno}: {exc}") from exc
    if field == "msgstr":
        flush()
    return entries


def load_catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = _HERE / language
    for path in sorted(folder.glob("*.po")):
        for key, value in parse_po(path.read_text(encoding="utf-8"), str(path)).items():
            if key in merged:
                raise ValueError(f"{path}: msgid {key!r} already defined in another file")
            merged[key] = value
    return merged


def _catalog(language: str) -> dict[str, str]:
    with _lock:
        if language not in _catalogs:
            _catalogs[language] = load_catalog(language)
        return _catalogs[language]


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    _catalog(language)
    _current = language


def current_language() -> str:
    return _current


class _Count(int):
    """A number in a message: `{n}` as usual, and `{n:order|orders}` the word for it, so an
    English message says "1 order" and "2 orders" (Chinese needs no plural)."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return one if self == 1 else many
        return format(int(self), spec)


def translate(msgid: str, language: str | None = None, **params: object) -> str:
    lang = language or _current
    text = _catalog(lang).get(msgid) or _catalog(_FALLBACK).get(msgid) or msgid
    if not params:
        return text
    # Values come from anywhere (names, remarks, scans, files): made harmless here, once.
    counted = {
        k: _Count(v) if type(v) is int else shown(v) if isinstance(v, str) else v
        for k, v in params.items()
    }
    return text.format_map(_SafeParams(counted))


def _(msgid: str, /, **params: object) -> str:
    return translate(msgid, None, **params)


def words_for(prefix: str, value: object, language: str | None = None) -> str:
    """A language-neutral id in words (`prefix + value`: "courier.SF" -> 顺丰速运), or the
    value itself when the catalogs have no words for it (a courier of its own, a status
    added later): the one rule for showing a stored id."""
    msgid = prefix + str(value)
    words = translate(msgid, language)
    return str(value) if words == msgid else words


def N_(msgid: str, /) -> str:
    """Marks a message id for the catalog check without translating it yet."""
    return msgid
