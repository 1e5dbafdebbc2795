"""Hangul to Latin: Revised Romanisation and McCune-Reischauer, per syllable.

South Korean names are usually romanised in Revised Romanisation (Jeong Gyeong-taek)
or personal spellings (Jung, Chung); North Korean names on sanctions lists follow
McCune-Reischauer without diacritics (Jong Kyong Thaek, Ri Yong Gil). Each syllable
becomes one slot with both systems' spellings; surnames use a table of the spellings
seen in practice.
"""

from __future__ import annotations

from itertools import product

from .base import RawSlot, dedupe

_RR_INITIAL = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
# McCune-Reischauer initials without apostrophes; aspirates also as DPRK-style "th", "ph", "kh".
_MR_INITIAL: tuple[tuple[str, ...], ...] = (
    ("k",),
    ("kk",),
    ("n",),
    ("t",),
    ("tt",),
    ("r", "l"),
    ("m",),
    ("p",),
    ("pp",),
    ("s",),
    ("ss",),
    ("",),
    ("ch", "j"),
    ("tch", "jj"),
    ("ch", "chh"),
    ("kh", "k"),
    ("th", "t"),
    ("ph", "p"),
    ("h",),
)
_RR_VOWEL = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
)
_MR_VOWEL = (
    "a",
    "ae",
    "ya",
    "yae",
    "o",
    "e",
    "yo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "u",
    "ui",
    "i",
)
_FINAL = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
)

SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"),
    "이": ("lee", "yi", "i", "rhee", "li", "ri"),
    "리": ("ri", "li", "lee", "rhee"),
    "박": ("park", "pak", "bak"),
    "최": ("choi", "choe"),
    "정": ("jung", "jeong", "chung", "chong", "jong"),
    "강": ("kang", "gang"),
    "조": ("cho", "jo", "joh"),
    "윤": ("yoon", "yun"),
    "장": ("jang", "chang"),
    "임": ("lim", "im", "rim"),
    "림": ("rim", "lim", "im"),
    "한": ("han",),
    "오": ("oh", "o"),
    "서": ("seo", "suh", "so"),
    "신": ("shin", "sin"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "류": ("ryu", "yu", "yoo", "ryoo"),
    "유": ("yoo", "yu", "ryu"),
    "홍": ("hong",),
    "전": ("jeon", "jun", "chon", "chun", "jon"),
    "고": ("ko", "go"),
    "문": ("moon", "mun"),
    "손": ("son", "sohn"),
    "양": ("yang", "ryang"),
    "량": ("ryang", "yang"),
    "배": ("bae", "pae"),
    "백": ("baek", "paek", "paik"),
    "허": ("heo", "hur", "ho"),
    "노": ("noh", "no", "roh"),
    "로": ("ro", "no", "roh"),
    "남": ("nam",),
    "심": ("shim", "sim"),
    "하": ("ha",),
    "곽": ("kwak", "gwak"),
    "성": ("sung", "seong", "song"),
    "차": ("cha",),
    "주": ("joo", "ju", "chu"),
    "우": ("woo", "u"),
    "구": ("koo", "ku", "gu"),
    "민": ("min",),
    "렴": ("ryom", "yeom", "yom"),
    "염": ("yeom", "yom", "ryom"),
    "현": ("hyun", "hyon"),
    "방": ("bang", "pang"),
    "석": ("seok", "sok"),
    "길": ("gil", "kil"),
    "표": ("pyo",),
    "명": ("myung", "myong"),
    "변": ("byun", "pyon"),
    "채": ("chae",),
    "원": ("won",),
    "천": ("cheon", "chon"),
    "지": ("ji", "chi"),
    "태": ("tae", "thae"),
    "계": ("kye", "gye"),
    "라": ("ra", "la"),
    "진": ("jin", "chin"),
    "엄": ("eom", "um", "om"),
}


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    index = ord(syllable) - 0xAC00
    if not 0 <= index < 11172:
        return None
    return index // 588, (index % 588) // 28, index % 28


def syllable_alternatives(syllable: str) -> tuple[str, ...]:
    """Revised Romanisation first, then McCune-Reischauer spellings of one syllable."""
    parts = _jamo(syllable)
    if parts is None:
        return ()
    lead, vowel, tail = parts
    rr = _RR_INITIAL[lead] + _RR_VOWEL[vowel] + _FINAL[tail]
    mr = [i + v + _FINAL[tail] for i, v in product(_MR_INITIAL[lead], (_MR_VOWEL[vowel], _RR_VOWEL[vowel]))]
    return dedupe([rr, *mr], limit=5)


def hangul_slots(run: str, *, person_like: bool) -> list[RawSlot]:
    """Slots for a Hangul run: one per syllable; the first syllable of a name is the surname."""
    slots: list[RawSlot] = []
    words = run.split()
    for w_index, word in enumerate(words):
        syllables = [c for c in word if _jamo(c) is not None]
        for i, syl in enumerate(syllables):
            is_surname = person_like and w_index == 0 and i == 0 and (len(syllables) > 1 or len(words) > 1)
            if is_surname and syl in SURNAMES:
                slots.append(RawSlot(SURNAMES[syl], syl, "hangul+surname-table", "surname"))
                continue
            alts = syllable_alternatives(syl)
            if alts:
                slots.append(RawSlot(alts, syl, "hangul-rr/mr", ""))
    return slots
