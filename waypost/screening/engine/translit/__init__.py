"""Transliteration of non-Latin scripts into slots of alternative Latin spellings.

To add a script: write ``<script>.py`` with a function returning ``list[RawSlot]``
for one run of that script, and dispatch to it in :func:`transliterate_run`.
"""

from __future__ import annotations

from .. import scripts as sc
from .arabic import arabic_slots
from .base import SKELETON_MARK, RawSlot, dedupe, latin_skeleton
from .cyrillic import cyrillic_slots
from .han import han_slots
from .hangul import hangul_slots
from .other import ascii_word, other_slots
from .variants import latin_variants

__all__ = [
    "SKELETON_MARK",
    "RawSlot",
    "ascii_word",
    "dedupe",
    "latin_skeleton",
    "latin_variants",
    "transliterate_run",
]


def transliterate_run(script: str, run: str, *, person_like: bool) -> list[RawSlot]:
    """Slots for one run of non-Latin text (casefolded, legal forms already removed)."""
    if script == sc.HAN:
        return han_slots(run, person_like=person_like)
    if script == sc.HANGUL:
        return hangul_slots(run, person_like=person_like)
    if script == sc.CYRILLIC:
        return cyrillic_slots(run, person_like=person_like)
    if script == sc.ARABIC:
        return arabic_slots(run)
    return other_slots(run, script)
