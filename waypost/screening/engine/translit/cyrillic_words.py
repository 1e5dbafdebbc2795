"""Words of Russian, Ukrainian and Belarusian organisation names, translated.

Lists print the Cyrillic name of a Russian company next to an English translation
("Государственное унитарное предприятие «Комтел»", "State Unitary Enterprise Komtel"),
so a transliteration (gosudarstvennoye unitarnoye predpriyatiye) meets nothing. The
words here are matched by stem, since Russian inflects them (завод, завода, заводу);
the translation comes first among a slot's alternatives and the transliteration stays
(some lists write "Zavod"). Only organisation names are read this way: a surname may
look like a word (Заводов, Центров).
"""

from __future__ import annotations

from .base import RawSlot, dedupe

# stem -> English words (a space makes several slots; "|" separates alternatives of one slot).
# A stem ending in "$" matches only the whole word.
_STEMS: dict[str, str] = {
    # kinds of body
    "предприяти": "enterprise",
    "підприємств": "enterprise",
    "прадпрыемств": "enterprise",
    "объединени": "association|union",
    "объединенн": "united",
    "объединённ": "united",
    "обьединенн": "united",
    "завод": "plant|factory|works",
    "заводы": "plants|works",
    "радиозавод": "radio plant",
    "фабрик": "factory|mill",
    "комбинат": "plant|combine|works",
    "институт": "institute",
    "інститут": "institute",
    "центр": "center|centre",
    "центральн": "central",
    "бюро": "bureau",
    "компани": "company",
    "корпораци": "corporation",
    "концерн": "concern",
    "групп": "group",
    "холдинг": "holding",
    "фонд": "fund|foundation",
    "союз": "union",
    "банк": "bank",
    "агентств": "agency",
    "служб": "service",
    "управлени": "directorate|administration",
    "учреждени": "institution",
    "университет": "university",
    "академи": "academy",
    "лаборатори": "laboratory",
    "филиал": "branch",
    "комплекс": "complex",
    "министерств": "ministry",
    "комитет": "committee",
    "партия": "party",
    "партии": "party",
    "движени": "movement",
    # legal-form words left inside a name ("Открытое акционерное общество" after a label)
    "обществ": "company|society",
    "акционерн": "joint stock",
    "акцыянерн": "joint stock",
    "ограниченн": "limited",
    "ответственност": "liability",
    "публичн": "public",
    "открыт": "open",
    "адкрыт": "open",
    "закрыт": "closed",
    "товариществ": "partnership|company",
    "товариств": "company|partnership",
    "таварыств": "company|partnership",
    "организаци": "organisation|organization",
    # qualifiers
    "государственн": "state",
    "державн": "state",
    "дзяржаўн": "state",
    "федеральн": "federal",
    "унитарн": "unitary",
    "унітарн": "unitary",
    "бюджетн": "budgetary",
    "казенн": "state|treasury",
    "казённ": "state|treasury",
    "республиканск": "republican",
    "рэспубліканск": "republican",
    "республик": "republic",
    "народн": "peoples|people|national",
    "национальн": "national",
    "всероссийск": "all russian",
    "российск": "russian",
    "россии$": "russia",
    "федерации$": "federation",
    "научно": "scientific",
    "научн": "scientific|science",
    "наук$": "sciences",
    "науки$": "science|sciences",
    "исследовательск": "research",
    "производственн": "production|industrial",
    "производств": "production|manufacturing",
    "промышленн": "industrial",
    "конструкторск": "design",
    "опытн": "experimental",
    "опытно": "experimental",
    "специальн": "special",
    "техническ": "technical",
    "технологическ": "technological",
    "технологи": "technologies|technology",
    "систем": "systems|system",
    "машиностроени": "machine building|engineering",
    "машиностроительн": "machine building|engineering",
    "приборостроени": "instrument making|engineering",
    "приборостроительн": "instrument making|engineering",
    "судостроительн": "shipbuilding",
    "авиационн": "aviation|aircraft",
    "авиакомпани": "airline|airlines|aviation",
    "авиалини": "airlines|airline",
    "авиастроительн": "aircraft",
    "ремонтн": "repair",
    "механическ": "mechanical",
    "электромеханическ": "electromechanical",
    "оптико": "optical",
    "оптическ": "optical",
    "электронн": "electronic",
    "электроник": "electronics",
    "информационн": "information",
    "химическ": "chemical",
    "ядерн": "nuclear",
    "атомн": "atomic|nuclear",
    "ракетн": "missile|rocket",
    "космическ": "space",
    "вертолет": "helicopter|helicopters",
    "вертолёт": "helicopter|helicopters",
    "вертолетн": "helicopter",
    "вертолётн": "helicopter",
    "двигател": "engine|engines",
    "военн": "military",
    "военно": "military",
    "обороны$": "defence|defense",
    "оборонн": "defence|defense",
    "связи$": "communications|communication",
    "автоматики$": "automation",
    "физики$": "physics",
    "энергетическ": "energy",
    "морск": "marine|maritime|sea",
    "речн": "river",
    "торгов": "trading|trade",
    "страхов": "insurance",
    "транспортн": "transport",
    "нефтян": "oil",
    "газов": "gas",
    "железн": "railway|iron",
    "дорог": "railways|roads|road",
    "культурн": "cultural",
    "образовательн": "educational",
    "инновационн": "innovation",
    "инвестиционн": "investment",
    "строительн": "construction",
    "северн": "northern|north",
    "южн": "southern|south",
    "восточн": "eastern|east",
    "западн": "western|west",
    "московск": "moscow",
    "уральск": "ural",
    "сибирск": "siberian",
    "имени$": "named",
    "белорусск": "belarusian",
    "калийн": "potash",
    "патронн": "cartridge",
    "приборн": "instrument",
    "химико": "chemical",
    "нефтеперерабатывающ": "refinery",
    "лизингов": "leasing",
    "разведывательн": "intelligence",
    "штаб": "staff",
    "генеральн": "general",
    "вооруженн": "armed",
    "вооружённ": "armed",
    "сил$": "forces",
    "международн": "international",
    "автономн": "autonomous",
    "некоммерческ": "non commercial",
    "дирекци": "directorate",
    "выставк": "exhibition",
    "достижени": "achievements|achievement",
    "интегрированн": "integrated",
    "едина": "united",
    "кампані": "company",
    "навукова": "scientific",
    "даследч": "research",
    "інстытут": "institute",
    "холдынг": "holding",
    "нафтав": "oil",
    "новая$": "new",
    "нова": "new",
    "развити": "development",
    "реконструкци": "reconstruction",
    "управляющ": "managing|management",
    "холдингов": "holding",
    "судоремонтн": "ship repair",
    "агрегатн": "aggregate|unit",
    "автомобильн": "automobile|automotive|motor",
    "приборов": "instruments|instrument",
    "защит": "protection|defence",
    "вооружени": "armament|armaments|weapons",
    "беспилотн": "unmanned|drone",
    "бронетанков": "armored|armoured",
    "электротехническ": "electrotechnical|electrical",
    "физико": "physics|physical",
    "исследовани": "research|studies",
    "главн": "main|chief",
    "академика$": "academician",
    "тактическ": "tactical",
    "общественн": "public",
    "области$": "region|oblast",
    "черноморск": "black sea",
    "науково": "scientific",
}
_ENDINGS = frozenset(
    [
        "", "а", "я", "у", "ю", "е", "и", "ы", "о", "ой", "ий", "ый", "ая", "ое", "ые", "ие",
        "ого", "его", "ому", "ему", "ом", "ем", "ых", "их", "ым", "им", "ую", "юю", "ей", "ам",
        "ями", "ами", "ов", "ев", "ия", "ии", "ие", "ию", "ье", "ья", "ае", "ага", "ай", "ь", "ью",
    ]
)  # fmt: skip
_EXACT = {k[:-1]: v for k, v in _STEMS.items() if k.endswith("$")}
_BY_LENGTH = sorted(((k, v) for k, v in _STEMS.items() if not k.endswith("$")), key=lambda kv: -len(kv[0]))


def translation(word: str) -> str | None:
    """The English of one casefolded Cyrillic organisation word, or None."""
    if word in _EXACT:
        return _EXACT[word]
    for stem, english in _BY_LENGTH:
        if word.startswith(stem) and word[len(stem) :] in _ENDINGS:
            return english
    return None


def translated_slots(word: str, spellings: tuple[str, ...]) -> list[RawSlot] | None:
    """Slots for a translated organisation word: one per English word.

    The transliteration stays among the alternatives of a one-word translation.
    """
    english = translation(word)
    if english is None:
        return None
    parts = english.split()
    slots: list[RawSlot] = []
    for k, part in enumerate(parts):
        alts = part.split("|")
        if k == 0 and len(parts) == 1:
            alts += list(spellings)
        slots.append(RawSlot(dedupe(alts), word, "translation", "generic"))
    return slots
