"""Birth dates as printed → ISO dates or partial dates ("1961", "1961-05", "1961-05-07").

Lists print dates in many ways: OFAC ``07 May 1961`` / ``circa 1955`` / ``1955 to 1958``,
UN ``1961-05-07`` with a YEAR or FROM_YEAR/TO_YEAR, EU ``28.2.2011`` / ``Approximately 1963``
/ ``Between 1955 and 1958``, OFSI ``00/05/1961`` (00 = unknown). We keep what is certain
and drop the rest: an unknown day gives ``1961-05``, a range of years gives every year in
it (up to :data:`MAX_RANGE` years) because the engine compares birth years, and text with
no date at all gives nothing (the caller counts it).
"""

from __future__ import annotations

import re
from datetime import date

MAX_RANGE = 10

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:1[89]\d\d|20\d\d)"

_PATTERNS = re.compile(
    rf"""
    (?P<iso>(?P<iy>{_YEAR})-(?P<im>\d{{1,2}})(?:-(?P<id>\d{{1,2}}))?)
    | (?P<range>(?:between\s+)?(?P<ry1>{_YEAR})\s*(?:to|and|-|–)\s*(?P<ry2>{_YEAR}))
    | (?P<num>(?P<nd>\d{{1,2}})[./](?P<nm>\d{{1,2}})[./](?P<ny>{_YEAR}))
    | (?P<word>(?:(?P<wd>\d{{1,2}})\s+)?(?P<wm>{_MONTH_RE})\.?,?\s+(?P<wy>{_YEAR}))
    | (?P<year>{_YEAR})
    """,
    re.IGNORECASE | re.VERBOSE,
)


def partial_date(year: int, month: int = 0, day: int = 0) -> str | None:
    """ISO form of a possibly partial date; None if the parts are impossible."""
    if not month:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_dates(text: str | None) -> tuple[str, ...]:
    """All dates found in ``text``, as ISO (partial) dates, without repeats."""
    if not text:
        return ()
    found: dict[str, None] = {}
    for m in _PATTERNS.finditer(text):
        value: str | None = None
        if m.group("iso"):
            value = partial_date(int(m.group("iy")), int(m.group("im")), int(m.group("id") or 0))
        elif m.group("range"):
            first, last = int(m.group("ry1")), int(m.group("ry2"))
            years = range(first, last + 1) if first < last <= first + MAX_RANGE else (first, last)
            for y in years:
                found[f"{y:04d}"] = None
            continue
        elif m.group("num"):
            value = partial_date(int(m.group("ny")), int(m.group("nm")), int(m.group("nd")))
        elif m.group("word"):
            month = _MONTHS[m.group("wm").lower()]
            value = partial_date(int(m.group("wy")), month, int(m.group("wd") or 0))
        elif m.group("year"):
            value = m.group("year")
        if value is None:
            # An impossible day or month ("30.2.1970"): the year is still worth keeping.
            value = m.group("iy") or m.group("ny") or m.group("wy")
        if value:
            found[value] = None
    return tuple(found)
