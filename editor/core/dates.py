"""Dates written in a CMS's own format (moment / date-fns tokens such as ``DD/MM/YYYY``,
``MMM d, yyyy``, ``YYYY-MM-DDTHH:mm:ssZ``), read the way the form's date picker reads them."""

from __future__ import annotations

import datetime as dt
import re

# Longest tokens first; both moment (YYYY, DD) and date-fns (yyyy, dd) spellings.
_TOKENS = [
    ("YYYY", "%Y"),
    ("yyyy", "%Y"),
    ("YY", "%y"),
    ("yy", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "%m"),
    ("DD", "%d"),
    ("dd", "%d"),
    ("Do", None),
    ("D", "%d"),
    ("d", "%d"),
    ("dddd", "%A"),
    ("ddd", "%a"),
    ("EEEE", "%A"),
    ("EEE", "%a"),
    ("HH", "%H"),
    ("H", "%H"),
    ("hh", "%I"),
    ("h", "%I"),
    ("mm", "%M"),
    ("m", "%M"),
    ("ss", "%S"),
    ("s", "%S"),
    ("SSS", "%f"),
    ("A", "%p"),
    ("a", "%p"),
    ("ZZ", "%z"),
    ("Z", "%z"),
    ("xxx", "%z"),
    ("XXX", "%z"),
]
_TOKENS.sort(key=lambda t: -len(t[0]))
_TOKEN = re.compile("|".join(re.escape(t) for t, _ in _TOKENS) + r"|\[[^\]]*\]|'[^']*'")
_BY_TOKEN = dict(_TOKENS)


def strptime_format(declared: str) -> str | None:
    """The ``strptime`` format for a moment / date-fns format; None when it has a token
    ``strptime`` cannot read (``Do``: 1st, 2nd…)."""
    out: list[str] = []
    at = 0
    for match in _TOKEN.finditer(declared):
        out.append(declared[at : match.start()].replace("%", "%%"))
        token = match.group(0)
        if token.startswith(("[", "'")):
            out.append(token[1:-1].replace("%", "%%"))
        else:
            code = _BY_TOKEN[token]
            if code is None:
                return None
            out.append(code)
        at = match.end()
    out.append(declared[at:].replace("%", "%%"))
    return "".join(out)


def reads_as_date(text: str, declared: str | None) -> bool:
    """Whether ``text`` is a date (or date-time) written in the ``declared`` format."""
    if not declared:
        return False
    fmt = strptime_format(declared)
    if fmt is None:
        return False
    value = text.strip()
    if value.endswith("Z") and fmt.endswith("%z"):
        value = value[:-1] + "+0000"
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True
