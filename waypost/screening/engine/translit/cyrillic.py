"""Cyrillic to Latin in the spellings names really appear in: English, ICAO, German, French.

The same Russian name reaches lists as Aleksandr, Alexander, Alexandr or Alexandre;
Sergey, Sergei or Serguei. One transliteration standard cannot match them all, so
each word is transliterated with several schemes and the distinct results become
the alternatives of its slot. Ukrainian letters switch to the Ukrainian national
system (и -> y, г -> h).
"""

from __future__ import annotations

from .base import RawSlot, dedupe

_BASE: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "ђ": "dj",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
}
_SCHEMES: dict[str, dict[str, str]] = {
    "bgn": {},
    "icao": {"й": "i", "ю": "iu", "я": "ia", "ъ": "ie"},
    "common": {"й": "i", "х": "h"},
    "german": {
        "в": "w",
        "ж": "sch",
        "з": "s",
        "й": "j",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
        "ю": "ju",
        "я": "ja",
        "с": "s",
    },
    "french": {"ж": "j", "ч": "tch", "ш": "ch", "у": "ou", "ю": "iou", "я": "ia", "й": "i", "х": "kh"},
    "ukrainian": {"и": "y", "г": "h", "е": "e", "й": "i", "х": "kh"},
}
_VOWELS = set("аеёиоуыэюяіїє")
# Given names whose usual Western spellings the schemes do not produce.
NAME_SPELLINGS: dict[str, tuple[str, ...]] = {
    "александр": ("alexander", "aleksandr", "alexandr", "alexandre"),
    "алексей": ("alexey", "aleksey", "alexei", "aleksei"),
    "пётр": ("pyotr", "petr", "peter"),
    "петр": ("petr", "pyotr", "peter"),
    "михаил": ("mikhail", "michail", "mihail"),
    "юрий": ("yuri", "yury", "yuriy", "iouri", "juri", "jurij"),
    "георгий": ("georgy", "georgiy", "georgi", "george"),
    "евгений": ("yevgeny", "evgeny", "evgeniy", "yevgeniy", "evgenii", "eugene"),
    "дмитрий": ("dmitry", "dmitriy", "dmitri", "dmitrii"),
    "ксения": ("ksenia", "kseniya", "xenia"),
    "наталья": ("natalya", "natalia", "natalja"),
    "наталия": ("natalia", "nataliya"),
    "фёдор": ("fyodor", "fedor", "fiodor"),
    "федор": ("fedor", "fyodor"),
    "илья": ("ilya", "ilia", "ilja"),
    "максим": ("maxim", "maksim"),
    "алёна": ("alyona", "alena"),
    "артём": ("artyom", "artem"),
    "семён": ("semyon", "semen"),
}


def _translit(word: str, scheme: str) -> str:
    table = _SCHEMES[scheme]
    out: list[str] = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        if ch in "её" and scheme in ("bgn", "german") and (i == 0 or prev in _VOWELS or prev in "ъь"):
            out.append(("ye" if ch == "е" else "yo") if scheme == "bgn" else ("je" if ch == "е" else "jo"))
            continue
        if ch == "ё" and scheme == "bgn" and prev in "жчшщ":
            out.append("e")
            continue
        if ch == "ё" and scheme == "bgn":
            out.append("yo")
            continue
        out.append(table.get(ch, _BASE.get(ch, ch)))
    text = "".join(out)
    if scheme == "bgn" and (text.endswith("iy") or text.endswith("yy")):
        return text  # Dmitriy, Valeriy
    if scheme == "icao" and word.endswith("ий"):
        return text[:-1] + "i" if text.endswith("ii") else text
    return text


def word_alternatives(word: str) -> tuple[str, ...]:
    """Distinct Latin spellings of one Cyrillic word, the most common first."""
    if word in NAME_SPELLINGS:
        return NAME_SPELLINGS[word]
    ukrainian = any(ch in "іїєґ" for ch in word)
    schemes = ("ukrainian", "bgn", "icao") if ukrainian else ("bgn", "icao", "common", "german", "french")
    alts = [_translit(word, s) for s in schemes]
    extra: list[str] = []
    for alt in alts[:2]:
        if word.endswith("ий"):
            extra.append(alt[: -2 if alt.endswith(("iy", "ii", "yy")) else -1] + "y")
        if "ks" in alt:
            extra.append(alt.replace("ks", "x"))
        if word.endswith("ия") and alt.endswith(("iya", "ija")):
            extra.append(alt[:-3] + "ia")  # Yuliya -> Yulia, Mariya -> Maria
    return dedupe(alts[:1] + extra + alts[1:], limit=6)


def cyrillic_slots(run: str) -> list[RawSlot]:
    """Slots for a Cyrillic run, one per word (hyphens and apostrophes split words)."""
    slots: list[RawSlot] = []
    for raw in run.replace("-", " ").replace("'", " ").replace("’", " ").split():
        word = "".join(ch for ch in raw if ch.isalpha())
        if word:
            slots.append(RawSlot(word_alternatives(word), word, "cyrillic-multi-scheme"))
    return slots
