"""Scripts without dedicated rules (Greek, Hebrew, Kana, Thai …): ``anyascii`` plus small fixes.

``anyascii`` gives one reasonable Latin reading per character. Greek names often
carry a case ending the English form drops (Alexandros/Alexander), so the form
without it is added; Hebrew, an abjad like Arabic, also gets a consonant skeleton.
"""

from __future__ import annotations

from anyascii import anyascii

from .base import SKELETON_MARK, RawSlot, dedupe, latin_skeleton


def ascii_word(word: str) -> str:
    """``anyascii`` of one word, lower case, letters and digits only."""
    return "".join(ch for ch in anyascii(word).lower() if ch.isalnum())


def other_slots(run: str, script: str) -> list[RawSlot]:
    """Slots for a run in a script without dedicated rules, one per word."""
    slots: list[RawSlot] = []
    for word in run.replace("-", " ").split():
        latin = ascii_word(word)
        if not latin:
            continue
        alts = [latin]
        if script == "Greek":
            latin = latin.replace("ou", "u") if latin.startswith("ou") else latin
            for ending in ("os", "as", "is", "es"):
                if latin.endswith(ending) and len(latin) > 4:
                    alts += [latin[:-1], latin[:-2], latin[:-2] + "er"]
            alts.append(latin.replace("ks", "x"))
        elif script == "Hebrew":
            skeleton = latin_skeleton(latin)
            if len(skeleton) >= 2:
                alts.append(SKELETON_MARK + skeleton)
        slots.append(RawSlot(dedupe(alts), word, f"anyascii-{script.lower()}"))
    return slots
