"""Each format parses names, kinds, countries and birth dates from a small invented fixture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats import FORMATS, ParseStats, parse

FIXTURES = Path(__file__).parent / "fixtures"

P, A, W, F, OS = (
    NameKind.PRIMARY,
    NameKind.ALIAS,
    NameKind.WEAK_ALIAS,
    NameKind.FORMER,
    NameKind.ORIGINAL_SCRIPT,
)


@dataclass(frozen=True)
class Expect:
    entry_id: str
    kind: EntityKind
    names: tuple[tuple[str, NameKind], ...]
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    programs: tuple[str, ...] | None = None
    derived: tuple[str, ...] | None = None  # None: not checked


@dataclass(frozen=True)
class Case:
    format_name: str
    files: tuple[str, ...]
    list_id: str
    count: int
    expects: tuple[Expect, ...]
    call_list_id: str | None = None


CASES = [
    Case(
        "ofac-csv",
        ("ofac/sdn.csv", "ofac/alt.csv", "ofac/add.csv", "ofac/sdn_comments.csv"),
        "ofac-sdn",
        5,
        (
            Expect(
                "1001",
                EntityKind.PERSON,
                (
                    ("ZORVANEK, Ilya Petrovich", P),
                    ("Ilya Petrovich ZORVANEK", P),
                    ("ZORVANYEK, Ilia", A),
                    ("Ilia ZORVANYEK", A),
                    ("THE NAVIGATOR", W),
                ),
                countries=("RU",),
                birth_dates=("1961-05-07", "1963"),
                programs=("RUSSIA-EO14024", "CYBER2"),
                derived=("Ilya Petrovich ZORVANEK", "Ilia ZORVANYEK"),
            ),
            Expect(
                "1002",
                EntityKind.ORGANISATION,
                (
                    ("BLUE HERON TRADING LLC", P),
                    ("BLUE HERON GENERAL TRADING", F),
                    ("HERON BLUE LLC", A),
                    ("BHT", W),
                ),
                countries=("AE", "IR"),
            ),
            Expect("1003", EntityKind.VESSEL, (("SEA LANTERN", P), ("OCEAN LAMP", F)), countries=("KP",)),
            Expect("1004", EntityKind.AIRCRAFT, (("EP-ZZZ", P),)),
            Expect(
                "1005",
                EntityKind.PERSON,
                (("AL-QASIMI, Farid", P), ("Farid AL-QASIMI", P), ("FARID THE ELDER", W)),
                countries=("SY",),
                birth_dates=("1970", "1971", "1972"),
                derived=("Farid AL-QASIMI",),
            ),
        ),
    ),
    Case(
        "ofac-csv",
        ("ofac_cons/cons_prim.csv",),
        "ofac-cons",
        2,
        (
            Expect(
                "2001",
                EntityKind.PERSON,
                (("MARLOWE, Quentin", P), ("Quentin MARLOWE", P)),
                birth_dates=("1958",),
            ),
            Expect(
                "2002",
                EntityKind.ORGANISATION,
                (("NORTHWIND ENERGY PJSC", P),),
                programs=("UKRAINE-EO13662", "RUSSIA-EO14024"),
            ),
        ),
    ),
    Case(
        "csl",
        ("csl/csl.csv",),
        "us-csl",
        2,
        (
            Expect(
                "3001",
                EntityKind.PERSON,
                (
                    ("HALVORSEN, Brita", P),
                    ("Brita HALVORSEN", P),
                    ("HALVORSON, Britta", A),
                    ("Britta HALVORSON", A),
                ),
                countries=("NO",),
                birth_dates=("1975",),
                programs=("Specially Designated Nationals (SDN) - Treasury Department", "SDGT"),
            ),
        ),
    ),
    Case(
        "csl",
        ("csl/consolidated.csv",),
        "us-csl",
        2,
        (
            Expect(
                "abc123", EntityKind.UNKNOWN, (("Northern Example Aero Institute", P), ("NEAI", A)), ("CN",)
            ),
            Expect(
                "3002", EntityKind.PERSON, (("KANG, Sol Mi", P), ("Sol Mi KANG", P)), ("KP",), ("1980-02-08",)
            ),
        ),
    ),
    Case(
        "csl",
        ("csl/csl.json",),
        "us-csl",
        2,
        (
            Expect(
                "4001",
                EntityKind.PERSON,
                (
                    ("RASTEGAR, Omid", P),
                    ("Omid RASTEGAR", P),
                    ("RASTEGAR, Omeed", A),
                    ("Omeed RASTEGAR", A),
                    ("Omid R.", A),
                ),
                ("IR",),
                ("1966-03-21",),
                ("Specially Designated Nationals (SDN) - Treasury Department", "SDGT", "IRGC"),
            ),
            Expect("e5f6", EntityKind.UNKNOWN, (("Quartz Example Laboratory", P),), ("RU",)),
        ),
    ),
    Case(
        "un-xml",
        ("un/un.xml",),
        "un",
        2,
        (
            Expect(
                "9000001",
                EntityKind.PERSON,
                (
                    ("TAMERLAN EXAMPLOV TESTOVICH", P),
                    ("Тамерлан Экзамплов", OS),
                    ("TAMERLAN EKZAMPLOV", A),
                    ("ABU EXAMPLE", W),
                ),
                ("RU", "GE", "SY"),
                ("1982-06-11", "1983", "1984"),
                ("Al-Qaida",),
            ),
            Expect(
                "9000002",
                EntityKind.ORGANISATION,
                (("EXAMPLE RELIEF FOUNDATION", P), ("ERF", A), ("OLD EXAMPLE CHARITY", F)),
                ("IR",),
            ),
        ),
    ),
    Case(
        "eu-xml",
        ("eu_xml/eu_fsf.xml",),
        "eu",
        2,
        (
            Expect(
                "700001",
                EntityKind.PERSON,
                (("Oksana Testovna Primerova", P), ("Оксана Тестовна Примерова", OS), ("Oxana Primerova", W)),
                ("RU",),
                ("1970-04-03", "1971"),
                ("RUS",),
            ),
            Expect(
                "700002", EntityKind.ORGANISATION, (("Example Optics JSC", P),), ("BY",), programs=("BLR",)
            ),
        ),
    ),
    Case(
        "eu-csv",
        ("eu_csv/32099R0001.csv",),
        "eu",
        3,
        (
            Expect(
                "32099R0001/I/1",
                EntityKind.PERSON,
                (
                    ("Vasily Examplovich Testov", P),
                    ("Василий Экземплович Тестов", OS),
                    ("Wasili Testow", A),
                    ("Василий Тестов", OS),
                    ("Vasya", W),
                ),
                ("RU", "DE", "MA"),
                ("1964-04-04", "1966"),
                ("EU-TEST",),
            ),
            Expect("32099R0001/I/3", EntityKind.VESSEL, (("STORMY EXAMPLE", P),), ("CM",)),
        ),
    ),
    Case(
        "uk-csv",
        ("uk/ConList.csv",),
        "uk",
        2,
        (
            Expect(
                "99001",
                EntityKind.PERSON,
                (
                    ("Dmitri Ivanovich EXAMPLEV", P),
                    ("Дмитрий Иванович Экзамплев", OS),
                    ("Dmitry EKZAMPLEV", A),
                    ("Dima EXAMPLEV", W),
                ),
                ("RU", "CY"),
                ("1961-05", "1962"),
                ("Russia",),
            ),
            Expect(
                "99002",
                EntityKind.ORGANISATION,
                (("ACME EXAMPLE DEFENCE LLC", P), ("ACME EXAMPLE DEFENSE", A)),
                ("BY",),
            ),
        ),
    ),
    Case(
        "uk-covyr-csv",
        ("uk_covyr/subject_names.csv", "uk_covyr/subjects.csv"),
        "uk",
        2,
        (
            Expect(
                "TST0001",
                EntityKind.ORGANISATION,
                (("Example Procurement House", P), ("EPH", A)),
                programs=("TST",),
            ),
            Expect(
                "TST0002",
                EntityKind.PERSON,
                (("Lena Testova", P), ("Lena Testowa", A), ("Lenochka", W), ("Yelena Testova", A)),
            ),
        ),
    ),
    Case(
        "cn-csv",
        ("cn/sanctions.csv",),
        "cn-countersanctions",
        3,
        (Expect("Q999999", EntityKind.PERSON, (("Jane Examplewright", P), ("简·范例莱特", OS)), ("US",)),),
    ),
    Case(
        "custom-csv",
        ("custom/custom.csv",),
        "acme-watch",
        2,
        (
            Expect(
                "C-1",
                EntityKind.PERSON,
                (
                    ("Gregor Samplefield", P),
                    ("G. Samplefield", A),
                    ("Greg S.", W),
                    ("Gregor Samplefeld", F),
                    ("Грегор Сэмплфилд", OS),
                ),
                ("DE", "AT"),
                ("1970-03-02",),
            ),
        ),
        call_list_id="acme-watch",
    ),
    Case(
        "us-dod-1260h",
        ("dod/sanctions.csv",),
        "us-dod-1260h",
        1,
        (),
    ),
    Case(
        "bis-dpl",
        ("dpl/dpl.txt",),
        "bis-dpl",
        2,
        (),
    ),
]


def _run(case: Case) -> list[ListEntry]:
    return list(parse(case.format_name, [FIXTURES / f for f in case.files], list_id=case.call_list_id))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.format_name}:{c.files[0]}")
def test_fixture_parses_as_expected(case: Case) -> None:
    # given an invented fixture in the format's real layout
    # when it is parsed
    entries = _run(case)
    # then the entries carry the expected ids, names, kinds, countries and dates
    assert len(entries) == case.count
    assert {e.list_id for e in entries} == {case.list_id}
    by_id = {e.entry_id: e for e in entries}
    for expect in case.expects:
        entry = by_id[expect.entry_id]
        assert entry.kind is expect.kind
        assert tuple((n.text, n.kind) for n in entry.names) == expect.names
        assert entry.countries == expect.countries
        assert entry.birth_dates == expect.birth_dates
        if expect.programs is not None:
            assert entry.programs == expect.programs
        if expect.derived is not None:
            assert tuple(n.text for n in entry.names if n.derived) == expect.derived


def test_every_registered_format_has_a_fixture_case() -> None:
    assert {c.format_name for c in CASES} == set(FORMATS)


def test_ofac_counts_documented_skips() -> None:
    stats = ParseStats()
    files = [FIXTURES / "ofac" / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
    list(parse("ofac-csv", files, stats=stats))
    assert stats.skipped["OFAC end-of-file (\\x1a) record"] == 4
    assert stats.skipped["alias for an ent_num missing from the primary file"] == 1


def test_eu_csv_drops_transcription_labels() -> None:
    stats = ParseStats()
    entries = list(parse("eu-csv", [FIXTURES / "eu_csv" / "32099R0001.csv"], stats=stats))
    texts = {n.text for e in entries for n in e.names}
    assert not {t for t in texts if t.endswith(":") or "Text of image" in t}
    assert stats.skipped["EU alias that is only a transcription label"] == 2
    unnamed = next(e for e in entries if e.extra and ("annex", "II") in e.extra)
    assert unnamed.entry_id.startswith("32099R0001/II/h:")
    assert unnamed.countries == ("MM",)


def test_cn_rows_for_the_same_party_are_merged() -> None:
    stats = ParseStats()
    entries = list(parse("cn-csv", [FIXTURES / "cn" / "sanctions.csv"], stats=stats))
    jane = next(e for e in entries if e.entry_id == "Q999999")
    assert ("listed_on", "2020-08-10") in jane.extra
    assert ("listed_on", "2022-12-21") in jane.extra
    assert stats.skipped["CN row merged into an earlier row for the same party"] == 1
    drones = next(e for e in entries if e.primary_name == "Sample Drones Inc.")
    assert [n.text for n in drones.names if n.kind is A] == ["Sample UAV", "SDI"]
    assert drones.countries == ("JP",)


def test_dod_merges_years_and_skips_removed_rows() -> None:
    stats = ParseStats()
    [entry] = parse("us-dod-1260h", [FIXTURES / "dod" / "sanctions.csv"], stats=stats)
    assert [n.text for n in entry.names] == ["Example Avionics Corp.", "EAC", "Example Avionics"]
    assert stats.skipped["DoD 1260H row with an End date (removed from the list)"] == 1


def test_dpl_merges_addresses_of_one_party() -> None:
    entries = list(parse("bis-dpl", [FIXTURES / "dpl" / "dpl.txt"]))
    assert sorted(e.primary_name for e in entries) == ["EXAMPLE EXPORTS LTD", "JOHN Q. EXAMPLE"]
    assert {c for e in entries for c in e.countries} == {"US", "CA"}


def test_caller_list_id_overrides_the_default() -> None:
    entries = list(parse("un-xml", [FIXTURES / "un" / "un.xml"], list_id="un-test"))
    assert {e.list_id for e in entries} == {"un-test"}


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
def test_json_stream_is_independent_of_chunk_boundaries(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from waypost.screening.formats import jsonstream

    path = FIXTURES / "csl" / "csl.json"
    whole = list(parse("csl", [path]))
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    assert list(parse("csl", [path])) == whole
