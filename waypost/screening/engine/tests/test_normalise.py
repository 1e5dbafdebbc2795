"""Normalisation: Unicode folding, case, punctuation, honorifics and legal forms, in every script."""

from __future__ import annotations

import pytest

from waypost.screening.engine.normalise import clean, normalise


def tokens(text: str, person: bool | None = None) -> list[str]:
    """The preferred spelling of each token."""
    return [slot.alts[0] for slot in normalise(text, person=person).slots]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ Ｄｅｆ", "abc def"),  # full-width letters (NFKC)
        ("ﬁrst", "first"),  # ligature
        ("Zhang\u200bWei", "zhang wei"),  # zero-width space separates
        ("Ali\u200fHassan", "ali hassan"),  # bidi mark
        ("ZHANG\tWei\n\r", "zhang wei"),  # control characters
        ("  many   spaces  ", "many spaces"),
        ("STRASSE Straße", "strasse strasse"),  # case folding, not just lower()
    ],
)
def test_clean_folds_unicode_case_and_whitespace(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O'Neil", ["oneil"]),  # apostrophes join
        ("O’Neil", ["oneil"]),
        ("Jean-Luc Picard", ["jean", "luc", "picard"]),  # hyphens split
        ("SMITH, John", ["smith", "john"]),
        ("Nguyễn Tấn Dũng", ["nguyen", "tan", "dung"]),  # diacritics folded
        ("İstanbul Trading", ["istanbul", "trading"]),  # combining dot does not split the word
        ("Øystein Ærø", ["oystein", "aero"]),
        ("Al-Qaida (AQ)", ["al", "qaida", "aq"]),
    ],
)
def test_latin_punctuation_and_diacritics(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_umlauts_also_get_their_two_letter_spelling() -> None:
    slot = normalise("Müller").slots[0]
    assert slot.alts == ("muller", "mueller")


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("Dr. John Smith Jr.", ["john", "smith"], ("dr", "jr")),
        ("Sheikh Mohammed bin Rashid", ["mohammed", "bin", "rashid"], ("sheikh",)),
        ("Mr", ["mr"], ()),  # an honorific alone is kept: there would be nothing left
        ("习近平先生", ["xi", "jin", "ping"], ("先生",)),
        ("господин Иванов", ["ivanov"], ("господин",)),
        ("الشيخ محمد", ["mohammed"], ("الشيخ",)),
    ],
)
def test_honorifics_are_removed_and_remembered(
    text: str, expected: list[str], removed: tuple[str, ...]
) -> None:
    result = normalise(text, person=True)
    assert [s.alts[0] for s in result.slots] == expected
    assert result.honorifics == removed


@pytest.mark.parametrize(
    ("text", "expected", "legal"),
    [
        ("Huawei Technologies Co., Ltd.", ["huawei", "technologies"], ("co ltd",)),
        ("Siemens GmbH", ["siemens"], ("gmbh",)),
        ("Acme S.A.", ["acme"], ("sa",)),
        ("Acme S.p.A.", ["acme"], ("spa",)),
        ("Gazprom OOO", ["gazprom"], ("ooo",)),
        ("Sberbank PJSC", ["sberbank"], ("pjsc",)),
        ("Global Trading LLC", ["global", "trading"], ("llc",)),
        ("Open Joint Stock Company Rosneft", ["rosneft"], ("open joint stock company",)),
        ("OAO Gazprom", ["gazprom"], ("oao",)),
        ("AO Kaspersky Lab", ["kaspersky", "lab"], ("ao",)),
        ("华为技术有限公司", ["hua", "wei", "technology"], ("有限公司",)),
        ("ООО «Газпром»", ["gazprom"], ("ооо",)),
        ("삼성전자 주식회사", ["sam", "seong", "electronics"], ("주식회사",)),
        ("㈜삼성전자", ["sam", "seong", "electronics"], ("(주)",)),
        ("조선남강무역회사", ["korea", "nam", "gang", "trading"], ("회사",)),
    ],
)
def test_legal_forms_are_removed_in_every_script(
    text: str, expected: list[str], legal: tuple[str, ...]
) -> None:
    result = normalise(text, person=False)
    assert [s.alts[0] for s in result.slots] == expected
    assert result.legal_forms == legal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Co-op Bank", ["co", "op", "bank"]),  # a name never starts with its legal form
        ("AS Trading", ["as", "trading"]),  # end-only forms stay inside a name
        ("Ltd", ["ltd"]),  # a legal form alone is kept
        ("JSC", ["jsc"]),
        ("Limited Editions", ["limited", "editions"]),  # "limited" does not open a name
    ],
)
def test_legal_forms_are_kept_where_they_are_part_of_the_name(text: str, expected: list[str]) -> None:
    assert tokens(text, person=False) == expected


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("J. R. Smith", ["initial", "initial", ""]),
        ("Abu Bakr al Baghdadi", ["particle", "", "particle", ""]),
        ("Ludwig van Beethoven", ["", "particle", ""]),
        ("China National Petroleum", ["", "generic", ""]),
        ("Абу Бакр аль-Багдади", ["particle", "", "particle", ""]),  # Cyrillic particles weigh the same
    ],
)
def test_token_roles(text: str, roles: list[str]) -> None:
    assert [slot.role for slot in normalise(text).slots] == roles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Abd al-Rahman", ["abdulrahman"]),
        ("Abdel Rahman", ["abdulrahman"]),
        ("Abdulrahman", ["abdulrahman"]),
        ("Abd Allah", ["abdullah"]),
        ("Абд аль-Рахман", ["abdulrakhman"]),
        ("عبد الرحمن", ["abdulrahman"]),
    ],
)
def test_servant_of_compounds_are_joined_the_same_way_in_every_script(text: str, expected: list[str]) -> None:
    assert tokens(text, person=True) == expected


def test_latin_look_alikes_inside_a_cyrillic_word_are_read_as_cyrillic() -> None:
    # "Сергiй" with a Latin "i" is still one Cyrillic word, transliterated as such.
    assert tokens("Сергiй") == tokens("Сергій") == ["serhii"]
    # A stress mark typed on a Latin look-alike ("Ó") is dropped; Cyrillic й keeps its breve.
    assert tokens("ЛИСÓВСКИЙ") == tokens("Лисовский") == ["lisovskiy"]


def test_scripts_are_reported_in_order_of_appearance() -> None:
    assert normalise("Huawei 华为 Хуавэй").scripts == ("Latin", "Han", "Cyrillic")


@pytest.mark.parametrize("text", ["", "   ", "...", "\x00\x01", "—"])
def test_text_without_letters_or_digits_has_no_tokens(text: str) -> None:
    assert normalise(text).slots == ()
