"""Latin spellings of the same given name, as lists and people write them.

"Mohammed", "Muhammad" and "Mohamed" are one name transliterated three ways; so are
"Aleksandr" and "Alexander". Edit distance sees them as rather different words, so a
Latin token found in one of these groups also gets the group's other spellings as
alternatives, exactly as the same name written in Arabic or Cyrillic script does. The
groups are the spelling tables of :mod:`.arabic` and :mod:`.cyrillic`.
"""

from __future__ import annotations

from .arabic import NAME_SPELLINGS as ARABIC
from .cyrillic import NAME_SPELLINGS as CYRILLIC


def _groups() -> dict[str, tuple[str, ...]]:
    by_spelling: dict[str, tuple[str, ...]] = {}
    for table in (ARABIC, CYRILLIC):
        for spellings in table.values():
            if len(spellings) < 2:
                continue
            for spelling in spellings:
                merged = by_spelling.get(spelling, ()) + tuple(s for s in spellings if s != spelling)
                by_spelling[spelling] = tuple(dict.fromkeys(merged))
    return by_spelling


_VARIANTS = _groups()


def latin_variants(token: str) -> tuple[str, ...]:
    """Other spellings of the name ``token`` (lower case, folded); empty for most tokens."""
    return _VARIANTS.get(token, ())
