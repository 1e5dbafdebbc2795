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
    usual = [
        i + v + _FINAL[tail]
        for v in _usual_vowels(vowel, tail, lead)
        for i in (_RR_INITIAL[lead], _MR_INITIAL[lead][0])
    ]
    return dedupe([rr, *mr[:3], *usual], limit=6)


def _usual_vowels(vowel: int, tail: int, lead: int) -> tuple[str, ...]:
    """Vowels as Korean names are often written outside both systems: 성 Sung, 영 Young, 수 Soo.

    ㅓ is written u (Sung, Chul, Hyun, Jung), ㅕ yu or, with no initial, you (Kyung, Young),
    and a final ㅜ or ㅜ before n oo (Soo, Joon).
    """
    if vowel == 4:
        return ("u",)
    if vowel == 6:
        return ("you",) if _RR_INITIAL[lead] == "" else ("yu",)
    if vowel == 13 and _FINAL[tail] in ("", "n"):
        return ("oo",)
    return ()


# Words of organisation names, translated as the lists write them in English.
WORD_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "조선": ("korea", "chosun", "choson"),
    "무역": ("trading", "trade"),
    "국제": ("international",),
    "연구소": ("research centre", "research center", "research institute"),
    "연구원": ("research institute",),
    "원자력": ("nuclear",),
    "공업": ("industry", "industrial"),
    "건설": ("construction",),
    "기계": ("machinery",),
    "은행": ("bank",),
    "합영": ("joint venture",),
    "대외": ("external", "foreign"),
    "해운": ("shipping",),
    "해사": ("maritime",),
    "광업": ("mining",),
    "개발": ("development",),
    "수출입": ("export import",),
    "전자": ("electronics", "electronic"),
    "과학": ("science",),
    "기술": ("technology",),
    "대학": ("university",),
    "총": ("general",),
}


def _translated(syllables: str) -> list[RawSlot] | None:
    """Slots for a word of an organisation name, or None when no part of it is a known word."""
    slots: list[RawSlot] = []
    found = False
    i = 0
    while i < len(syllables):
        for size in (3, 2, 1):
            part = syllables[i : i + size]
            if len(part) == size and part in WORD_TRANSLATIONS and (size > 1 or found):
                phrases = [p.split() for p in WORD_TRANSLATIONS[part]]
                for k in range(len(phrases[0])):
                    alts = dedupe([p[k] for p in phrases if len(p) == len(phrases[0])])
                    slots.append(RawSlot(alts, part, "translation", "generic"))
                found = True
                i += size
                break
        else:
            alts = syllable_alternatives(syllables[i])
            if alts:
                slots.append(RawSlot(alts, syllables[i], "hangul-rr/mr", ""))
            i += 1
    return slots if found else None


def hangul_slots(run: str, *, person_like: bool) -> list[RawSlot]:
    """Slots for a Hangul run: one per syllable; the first syllable of a name is the surname.

    A word holding a known organisation word (무역, 연구소 …) is read as part of an
    organisation name instead: those words translated, the rest syllable by syllable.
    """
    slots: list[RawSlot] = []
    words = [w for w in ("".join(c for c in word if _jamo(c) is not None) for word in run.split()) if w]
    translated = [_translated(w) for w in words]
    if not person_like or any(t is not None for t in translated):
        for word, parts in zip(words, translated, strict=True):
            if parts is not None:
                slots.extend(parts)
            else:
                slots.extend(
                    RawSlot(a, syl, "hangul-rr/mr", "") for syl in word if (a := syllable_alternatives(syl))
                )
        return slots
    # The surname is the first syllable, unless the name is written given name first with the
    # surname as a last word of one syllable ("수빈 이" for Lee Su-bin).
    surname_word = 0
    if len(words) > 1 and len(words[0]) > 1 and len(words[-1]) == 1 and words[-1] in SURNAMES:
        surname_word = len(words) - 1
    for w_index, syllables in enumerate(words):
        for i, syl in enumerate(syllables):
            is_surname = (
                person_like and w_index == surname_word and i == 0 and (len(syllables) > 1 or len(words) > 1)
            )
            if is_surname and syl in SURNAMES:
                slots.append(RawSlot(SURNAMES[syl], syl, "hangul+surname-table", "surname"))
                continue
            alts = syllable_alternatives(syl)
            if alts:
                slots.append(RawSlot(alts, syl, "hangul-rr/mr", ""))
    return slots
