"""Coarse sound keys for foreign names written in Chinese characters.

Chinese writes a Western name by its sounds, one character per syllable: Brownback is
布朗巴克 (bu-lang-ba-ke), Cruz 克鲁兹 (ke-lu-zi), Skywalker 思凯沃克 (si-kai-wo-ke).
The pinyin of such a transcription is far from the Latin spelling in edit distance, but
both keep the same consonants once a few regular changes are undone:

* r and l are one sound in Chinese (Cruz -> ke-lu-zi);
* an r or l before a consonant or at the end of a word is dropped (Walker -> wo-ke,
  Carl -> ka-er), so it is dropped from the Latin side;
* voiced and voiceless stops meet (b/p, d/t, g/k), as do f, v and w, and all hissing
  sounds (s, z, sh, ch, j, x, q, ts);
* h and the glides y and w before a consonant carry no consonant;
* vowels are not written in the key at all, but a word that starts with a vowel or an h
  (Aiken, Hudson) has its key opened by :data:`OPEN`, as has a transcription whose first
  syllable has no consonant or an h or y (艾肯 ai-ken, 哈德森 ha-de-sen): Chinese keeps a
  name's first sound, so 迪杰恩 (di-jie-en, for DZYNE) does not meet Hudson.

The key is a string of consonant classes (``PLNPK`` for both Brownback and 布朗巴克,
``VKN`` for Aiken and 艾肯).
A transcription alternative is written :data:`TRANSCRIPTION_MARK` + key and is only
ever compared with the key of a Latin spelling, never with another alternative (see
:mod:`..similarity`).
"""

from __future__ import annotations

import re
from functools import lru_cache

TRANSCRIPTION_MARK = "^"
MIN_KEY = 3  # shorter keys ("KS", "PL") would meet too many names
OPEN = "V"  # leads the key of a word whose first sound is a vowel or an h; not a consonant class
_OPEN_INITIALS = frozenset(("", "h", "y"))


def key_len(key: str) -> int:
    """The consonant classes in a key (:data:`OPEN` is not one)."""
    return len(key) - 1 if key[:1] == OPEN else len(key)


_PINYIN_INITIAL = re.compile(r"(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)")
_PINYIN_CLASS: dict[str, str] = {
    "b": "P",
    "p": "P",
    "m": "M",
    "f": "F",
    "w": "F",
    "d": "T",
    "t": "T",
    "n": "N",
    "l": "L",
    "r": "L",
    "g": "K",
    "k": "K",
    "h": "",
    "y": "",
    "j": "S",
    "q": "S",
    "x": "S",
    "zh": "S",
    "ch": "S",
    "sh": "S",
    "z": "S",
    "c": "S",
    "s": "S",
}
_LATIN_CLASS: dict[str, str] = {
    "q": "K",
    "b": "P",
    "p": "P",
    "f": "F",
    "v": "F",
    "w": "F",
    "d": "T",
    "t": "T",
    "g": "K",
    "k": "K",
    "j": "S",
    "s": "S",
    "z": "S",
    "r": "L",
    "l": "L",
    "m": "M",
    "n": "N",
}
_VOWELS = frozenset("aeiouy")


def _collapse(key: str) -> str:
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def pinyin_keys(syllables: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The consonant-class keys of a run of pinyin syllables (one per character).

    Pinyin j and q stand for an English j or ch (杰 jie, 奇 qi) as often as for a k or g
    before i (基 ji for "ky" in Luckey, 加 jia for "ga" in Kolga): a run holding them gets
    a second key reading them as K. Pinyin x writes an English s (西蒙 Simon) or an h
    (希拉里 Hillary, 洛克希德 Lockheed): a run holding one gets a key reading it as h.
    Repeated nasals collapse (坦恩 tan-en for "tein").
    """
    readings: list[dict[str, str]] = [{}, {"j": "K", "q": "K"}]
    if any(s.startswith("x") for s in syllables):
        readings.append({"x": ""})
    keys: list[str] = []
    for reading in readings:
        parts: list[str] = []
        for i, syllable in enumerate(syllables):
            m = _PINYIN_INITIAL.match(syllable)
            if not m:
                continue
            initial, final = m.group(1) or "", m.group(2)
            cls = reading.get(initial, _PINYIN_CLASS.get(initial, "")) if initial else ""
            if i == 0 and (initial in _OPEN_INITIALS or (initial and not cls)):
                parts.append(OPEN)
            if cls:
                parts.append(cls)
            if (final.endswith("n") or final.endswith("ng")) and (not parts or parts[-1] != "N"):
                parts.append("N")
        keys.append("".join(parts))
    return tuple(dict.fromkeys(keys))


_LATIN_DIGRAPHS = (
    ("ph", "f"),
    ("ck", "k"),
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("gh", ""),
    ("qu", "kw"),
    ("x", "ks"),
)


@lru_cache(maxsize=1 << 16)
def latin_key(token: str) -> str:
    """The consonant-class key of a Latin token (lower case, folded); "" for digits."""
    if not token.isalpha():
        return ""
    w = _collapse(token)  # doubled letters are one sound (Navarro)
    for old, new in _LATIN_DIGRAPHS:
        if old in w:
            w = w.replace(old, new)
    if "c" in w:  # soft before e, i, y; hard elsewhere
        w = "".join(
            ("s" if w[i + 1 : i + 2] in ("e", "i", "y") and w[i + 1 : i + 2] else "k") if ch == "c" else ch
            for i, ch in enumerate(w)
        )
    if "th" in w:  # a t at the start of a word (Thomas), an s elsewhere (Smith -> shi-mi-si)
        w = ("t" + w[2:].replace("th", "s")) if w.startswith("th") else w.replace("th", "s")
    out: list[str] = [OPEN] if w[:1] in _VOWELS or w[:1] == "h" else []
    last = len(w) - 1
    for i, ch in enumerate(w):
        if ch in _VOWELS or ch == "h":
            continue
        before_vowel = i < last and w[i + 1] in _VOWELS
        if ch in "rl" and i > 0 and not before_vowel:
            continue
        if ch == "w" and not before_vowel:
            continue
        if ch == "n" and not before_vowel:
            out.append("N")
            continue
        out.append(_LATIN_CLASS.get(ch, ""))
    return "".join(out)


def key_deletions(key: str) -> tuple[str, ...]:
    """The key with one class left out (Chinese adds a syllable: Tom -> tang-mu), for keys of 4+.

    The :data:`OPEN` mark is kept: it is not a sound Chinese adds.
    """
    if key_len(key) <= MIN_KEY:
        return ()
    start = 1 if key[:1] == OPEN else 0
    return tuple(dict.fromkeys(key[:i] + key[i + 1 :] for i in range(start, len(key))))
