"""Cyrillic to Latin in the spellings names really appear in: English, ICAO, German, French.

The same Russian name reaches lists as Aleksandr, Alexander, Alexandr or Alexandre;
Sergey, Sergei or Serguei. One transliteration standard cannot match them all, so
each word is transliterated with several schemes and the distinct results become
the alternatives of its slot. Ukrainian letters switch to the Ukrainian national
system (и -> y, г -> h).
"""

from __future__ import annotations

import re

from .base import RawSlot, dedupe
from .cyrillic_words import translated_slots

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
    # Ukrainian and Belarusian forms of the same names: lists often give the Russian spelling.
    "олексій": ("oleksii", "oleksiy", "alexey", "aleksey", "alexei"),
    "олександр": ("oleksandr", "alexander", "aleksandr", "alexandr"),
    "аляксандр": ("aliaksandr", "alexander", "aleksandr", "alyaksandr"),
    "аляксей": ("aliaksei", "alexey", "aleksey", "alexei"),
    "сергій": ("serhii", "serhiy", "sergey", "sergei", "sergiy"),
    "сяргей": ("siarhei", "sergey", "sergei", "syarhey"),
    "андрій": ("andrii", "andriy", "andrey", "andrei"),
    "андрэй": ("andrei", "andrey"),
    "дмитро": ("dmytro", "dmitry", "dmitriy"),
    "дзмітрый": ("dzmitry", "dmitry", "dmitriy", "dzmitryi"),
    "юрій": ("yurii", "yuriy", "yuri", "yury"),
    "юрый": ("yury", "yuri", "iury"),
    "володимир": ("volodymyr", "vladimir"),
    "уладзімір": ("uladzimir", "vladimir"),
    "микола": ("mykola", "nikolai", "nikolay"),
    "мікалай": ("mikalai", "nikolai", "nikolay"),
    "євген": ("yevhen", "yevgeny", "evgeny", "evgen"),
    "яўген": ("yauhen", "yevgeny", "evgeny"),
    "вячаслаў": ("viachaslau", "vyacheslav", "viacheslav"),
    "віктар": ("viktar", "viktor"),
    "міхаіл": ("mikhail", "mikhal"),
    "павло": ("pavlo", "pavel"),
    "іван": ("ivan",),
    "ігор": ("ihor", "igor"),
    "ігар": ("ihar", "igor"),
    "тацяна": ("tatsiana", "tatiana", "tatyana"),
    "таццяна": ("tatsiana", "tatiana", "tatyana"),
    "наталля": ("natallia", "natalia", "natalya"),
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
        if word.endswith("ў") and alt.endswith("u"):
            extra.append(alt[:-1] + "v")  # Belarusian ГЛАДКОЎ, Russian Гладков
        if "tsts" in alt:
            extra.append(alt.replace("tsts", "ts"))  # Belarusian цц: Таццяна -> Tatsiana
        if word.endswith("ия") and alt.endswith(("iya", "ija")):
            extra.append(alt[:-3] + "ia")  # Yuliya -> Yulia, Mariya -> Maria
    return dedupe(alts[:1] + extra + alts[1:], limit=6)


_PLACE_ADJECTIVE = re.compile(r"(.+ск)(?:ий|ая|ое|ого|ому|им|ой|ие|их|ым|ую)$")


def _place_adjective(word: str, alts: tuple[str, ...]) -> tuple[str, ...]:
    """An adjective made from a place name also reads as the place (Новосибирский -> Novosibirsk).

    Company names use the adjective (Новосибирский патронный завод), their English the
    noun (Novosibirsk Cartridge Plant). The place is the stem with or without its ск
    (Смоленск, Казань).
    """
    m = _PLACE_ADJECTIVE.match(word)
    if not m:
        return alts
    stem = m.group(1)
    return dedupe([*alts[:3], word_alternatives(stem)[0], word_alternatives(stem[:-2])[0], *alts[3:]])


def cyrillic_slots(run: str, *, person_like: bool = True) -> list[RawSlot]:
    """Slots for a Cyrillic run, one per word (hyphens and apostrophes split words).

    In an organisation name, the common words are translated (see :mod:`.cyrillic_words`).
    """
    slots: list[RawSlot] = []
    for raw in run.replace("-", " ").replace("'", " ").replace("’", " ").split():
        word = "".join(ch for ch in raw if ch.isalpha())
        if not word:
            digits = "".join(ch for ch in raw if ch.isdigit())
            if digits:  # "275 Авиационный Ремонтный Завод": the number tells plants apart
                slots.append(RawSlot((digits,), raw, "digits"))
            continue
        alts = word_alternatives(word)
        if not person_like:
            alts = _place_adjective(word, alts)
        translated = None if person_like else translated_slots(word, alts)
        if translated:
            slots.extend(translated)
        else:
            slots.append(RawSlot(alts, word, "cyrillic-multi-scheme"))
    return slots
