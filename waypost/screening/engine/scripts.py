"""Which writing system a character or a run of text belongs to.

Transliteration is chosen per script run, so a mixed name such as
``"Huawei 华为技术有限公司"`` is split into a Latin run and a Han run, each handled by
its own rules. Ranges are used rather than ``unicodedata.name`` because this runs
for every character of every list name at index-build time.
"""

from __future__ import annotations

LATIN = "Latin"
HAN = "Han"
CYRILLIC = "Cyrillic"
ARABIC = "Arabic"
HANGUL = "Hangul"
GREEK = "Greek"
HEBREW = "Hebrew"
KANA = "Kana"
THAI = "Thai"
OTHER = "Other"
COMMON = "Common"  # digits, punctuation, spaces: belong to no script

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, LATIN),
    (0x0061, 0x007A, LATIN),
    (0x00C0, 0x024F, LATIN),
    (0x1E00, 0x1EFF, LATIN),
    (0x0370, 0x03FF, GREEK),
    (0x1F00, 0x1FFF, GREEK),
    (0x0400, 0x052F, CYRILLIC),
    (0x1C80, 0x1C8F, CYRILLIC),
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0E00, 0x0E7F, THAI),
    (0x1100, 0x11FF, HANGUL),
    (0x3130, 0x318F, HANGUL),
    (0xAC00, 0xD7AF, HANGUL),
    (0x3040, 0x30FF, KANA),
    (0x31F0, 0x31FF, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x2FA1F, HAN),
)


_SCRIPT_OF: dict[str, str] = {}  # memo of char_script: names use a few thousand distinct characters


def char_script(ch: str) -> str:
    """The script of one character; digits, spaces and punctuation are ``COMMON``."""
    script = _SCRIPT_OF.get(ch)
    if script is None:
        script = _SCRIPT_OF[ch] = _char_script(ch)
    return script


def _char_script(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x80:
        return LATIN if ch.isalpha() else COMMON
    for lo, hi, script in _RANGES:
        if lo <= cp <= hi:
            return script
    return OTHER if ch.isalpha() else COMMON


def script_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``(script, run)`` pairs; common characters join the run before them.

    Keeping spaces and punctuation inside the surrounding run lets the per-script
    rules see word boundaries (``"Ким Чен Ын"`` stays one Cyrillic run).
    """
    if text.isascii():
        if not text:
            return []
        return [(LATIN if any(ch.isalpha() for ch in text) else COMMON, text)]
    runs: list[tuple[str, list[str]]] = []
    for ch in text:
        script = char_script(ch)
        if script == COMMON:
            if runs:
                runs[-1][1].append(ch)
            else:
                runs.append((COMMON, [ch]))
            continue
        if runs and runs[-1][0] in (script, COMMON):
            prev_script, chars = runs[-1]
            if prev_script == COMMON:
                runs[-1] = (script, chars)
            chars.append(ch)
        else:
            runs.append((script, [ch]))
    return [(script, "".join(chars)) for script, chars in runs]


def scripts_of(text: str) -> tuple[str, ...]:
    """The distinct scripts in ``text``, in order of appearance (``COMMON`` left out)."""
    if text.isascii():
        return (LATIN,) if any(ch.isalpha() for ch in text) else ()
    seen: list[str] = []
    for ch in text:
        script = char_script(ch)
        if script != COMMON and script not in seen:
            seen.append(script)
    return tuple(seen)
