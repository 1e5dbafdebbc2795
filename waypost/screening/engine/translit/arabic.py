"""Arabic (and Persian, Urdu) script to Latin: consonant skeletons, a name table, the article.

Arabic script writes consonants and long vowels only, so no single Latin spelling
is right: محمد is Mohammed, Muhammad, Mohamed. Each word becomes a slot holding the
spellings of a table of frequent names, a plain letter-by-letter rendering, and a
consonant skeleton (``~mhmd``) that the scorer compares with the skeleton of the
other side's token. The article ال becomes a separate low-weight ``al`` token, and
"servant of" compounds (عبد الرحمن) are joined the way the Latin side joins them
("abdulrahman"), so "Abd al-Rahman", "Abdul Rahman" and "Abdulrahman" all agree.
"""

from __future__ import annotations

from .base import SKELETON_MARK, RawSlot, dedupe, latin_skeleton

_LETTERS: dict[str, str] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "ى": "a",
    "ة": "",
    "ء": "",
    "ئ": "",
    "ؤ": "",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ک": "k",
    "ی": "y",
    "ے": "e",
    "ٹ": "t",
    "ڈ": "d",
    "ڑ": "r",
    "ں": "n",
    "ھ": "h",
}
# Persian (and Urdu) read some Arabic letters differently: مرتضی is Morteza, صادق Sadegh.
_PERSIAN_LETTERS: dict[str, str] = {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z", "ق": "gh", "و": "v"}
NAME_SPELLINGS: dict[str, tuple[str, ...]] = {
    "محمد": ("mohammed", "muhammad", "mohamed", "mohammad", "muhammed"),
    "احمد": ("ahmed", "ahmad"),
    "علي": ("ali",),
    "علی": ("ali",),
    "حسن": ("hassan", "hasan"),
    "حسين": ("hussein", "husayn", "hussain", "husain"),
    "عمر": ("omar", "umar"),
    "خالد": ("khalid", "khaled"),
    "محمود": ("mahmoud", "mahmud"),
    "يوسف": ("yousef", "yusuf", "youssef", "yousif"),
    "ابراهيم": ("ibrahim", "ebrahim"),
    "مصطفى": ("mustafa", "moustafa", "mostafa"),
    "عثمان": ("othman", "uthman", "osman"),
    "سعيد": ("saeed", "said", "saied"),
    "صالح": ("saleh", "salih"),
    "سليمان": ("sulaiman", "suleiman", "sulayman"),
    "عيسى": ("isa", "issa", "eisa"),
    "موسى": ("musa", "moussa", "mousa"),
    "جمال": ("jamal", "gamal"),
    "كريم": ("karim", "kareem"),
    "طارق": ("tariq", "tarek", "tarik"),
    "فاطمة": ("fatima", "fatimah"),
    "عائشة": ("aisha", "aysha"),
    "مريم": ("maryam", "mariam"),
    "زيد": ("zaid", "zayd", "zeid"),
    "ناصر": ("nasser", "nasir", "naser"),
    "عبدالله": ("abdullah",),
    "عبد": ("abd",),
    "بن": ("bin",),
    "ابن": ("ibn",),
    "ابو": ("abu",),
    "أبو": ("abu",),
    "بنت": ("bint",),
    "صدام": ("saddam",),
    "اسامة": ("osama", "usama"),
    "حمزة": ("hamza", "hamzah"),
    "جعفر": ("jafar", "jaafar"),
    "رحمن": ("rahman",),
    "الرحمن": ("rahman",),
    "الله": ("allah",),
    "حبيب": ("habib",),
    "نور": ("nur", "noor"),
    "ال": ("al",),  # آل, "family of", folded
}
_PARTICLES = {"bin", "ibn", "abu", "bint", "al"}


def _fold(word: str) -> str:
    """Strip vowel marks and tatweel, unify alef and final-ya forms, as a table lookup key."""
    out = "".join(ch for ch in word if not ("\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640"))
    return out.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي").replace("ی", "ي")


def _letters(word: str, persian: bool = False) -> str:
    if persian:
        return "".join(_PERSIAN_LETTERS.get(ch) or _LETTERS.get(ch, "") for ch in word)
    return "".join(_LETTERS.get(ch, "") for ch in word)


def _plain(word: str) -> str:
    """Letter-by-letter Latin, long vowels ``و``/``ي`` read as ``u``/``i`` between consonants."""
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "ع" and i == 0:
            out.append("a")
        elif ch == "و" and i > 0:
            out.append("u")
        elif ch in "يی" and i > 0:
            out.append("i")
        else:
            out.append(_LETTERS.get(ch, ""))
    return "".join(out)


def _word_slot(word: str, *, prefix: str = "", prefix_skeleton: str = "") -> RawSlot | None:
    folded = _fold(word)
    if not folded:
        return None
    table = NAME_SPELLINGS.get(folded, ())
    plain = prefix + _plain(folded)
    skeleton = latin_skeleton(prefix_skeleton + _letters(folded))
    # A name in the table is spelled as people spell it; the letter-by-letter rendering only
    # adds noise then. The skeleton is kept either way (it compares with any spelling).
    alts = [prefix + t for t in table] if table else [plain]
    if len(skeleton) >= 2:
        alts.append(SKELETON_MARK + skeleton)
    persian = latin_skeleton(prefix_skeleton + _letters(folded, persian=True))
    if len(persian) >= 2 and persian != skeleton:
        alts.append(SKELETON_MARK + persian)
    role = "particle" if table and table[0] in _PARTICLES else ""
    return RawSlot(dedupe(alts), (prefix and "عبد ") + word, "arabic-table+skeleton", role)


def arabic_slots(run: str) -> list[RawSlot]:
    """Slots for an Arabic-script run: article split off, عبد compounds joined."""
    words = [w for w in run.replace("-", " ").split() if any(ch.isalpha() for ch in w)]
    slots: list[RawSlot] = []
    i = 0
    while i < len(words):
        word = _fold(words[i])
        if word == "عبدالله" or (word == "عبد" and i + 1 < len(words) and _fold(words[i + 1]) == "الله"):
            slots.append(RawSlot(("abdullah", "abdallah", "~bdl"), words[i], "arabic-table+skeleton"))
            i += 2 if word == "عبد" else 1
            continue
        if word.startswith("عبد") and (len(word) > 3 or i + 1 < len(words)):
            rest = word[3:] if len(word) > 3 else _fold(words[i + 1])
            if rest.startswith("ال"):
                rest = rest[2:]
            slot = _word_slot(rest, prefix="abdul", prefix_skeleton="bdl")
            if slot is not None:
                slots.append(slot)
            i += 1 if len(word) > 3 else 2
            continue
        # The article, split off when a word of three letters or more is left.
        if word.startswith("ال") and len(word) > 4 and word not in NAME_SPELLINGS:
            slots.append(RawSlot(("al",), "ال", "arabic-article", "particle"))
            word = word[2:]
        slot = _word_slot(word)
        if slot is not None:
            slots.append(slot)
        i += 1
    return slots
