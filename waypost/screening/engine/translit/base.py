"""The shape every transliterator returns: one :class:`RawSlot` per name token.

A slot holds *alternative* Latin spellings of one token (``张`` -> zhang, chang,
cheung). Matching takes the best alternative, so adding a spelling never needs
the name to be indexed again under another "variant" of the whole name, and the
number of forms stays linear in the number of tokens instead of exponential.

An alternative starting with ``~`` is a consonant skeleton (for scripts that do
not write short vowels: Arabic, Hebrew); it is compared with the skeleton of the
other token rather than with its spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

SKELETON_MARK = "~"
MAX_ALTERNATIVES = 6


@dataclass(frozen=True, slots=True)
class RawSlot:
    """One token of a name after transliteration, before weighting."""

    alts: tuple[str, ...]
    source: str  # the token as written (native script), for the explanation
    method: str  # how the alternatives were produced ("latin", "pinyin", "hangul-rr/mr" …)
    role: str = ""  # "surname", "particle", "generic", "initial" or ""


def dedupe(alts: list[str] | tuple[str, ...], limit: int = MAX_ALTERNATIVES) -> tuple[str, ...]:
    """Distinct non-empty alternatives, first occurrence first, at most ``limit``."""
    out: list[str] = []
    for alt in alts:
        if alt and alt not in out:
            out.append(alt)
            if len(out) >= limit:
                break
    return tuple(out)


_SKELETON_VOWELS = frozenset("aeiouyw")


def latin_skeleton(token: str) -> str:
    """The consonant skeleton of a Latin token, as Arabic or Hebrew script would write it.

    Abjads do not write short vowels, so ``Mohammed``, ``Muhammad`` and ``محمد``
    only agree on their consonants: m-h-m-d. Doubled letters collapse (gemination is
    not written either), ``q`` and ``k`` merge, French ``dj`` is ``j`` (Djamel), and a
    final ``h`` is dropped because
    it stands for the feminine ending in one spelling and nothing in another.
    """
    s = token.replace("ph", "f").replace("q", "k").replace("ck", "k").replace("ou", "u")
    s = s.replace("dj", "j")
    if not s:
        return ""
    out: list[str] = [s[0]] if s[0] in "wy" else []
    for ch in s[len(out) :]:
        if ch in _SKELETON_VOWELS or not ch.isalpha():
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    if len(out) > 2 and out[-1] == "h":
        out.pop()
    return "".join(out)
