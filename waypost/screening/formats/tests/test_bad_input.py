"""Malformed files raise ListFileError naming the line (or element) and the reason."""

from __future__ import annotations

import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from waypost.screening.formats import ListFileError, parse, validate

OFAC_OK = '1,"EXAMPLE, One","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">\n'
UN_PERSON = (
    "<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATAID>\n<FIRST_NAME>ONE</FIRST_NAME>\n"
    "<SECOND_NAME>EXAMPLE</SECOND_NAME>\n</INDIVIDUAL>\n"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
    "<{root}>&lol3;</{root}>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<{root}>&x;</{root}>\n'
EU_HEAD = '<?xml version="1.0"?>\n<export xmlns="http://eu.europa.eu/fpi/fsd/export">\n'
EU_CSV_HEADER = (
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName,country,"
    "nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,gender,appearance,ethnicity,fatherName,"
    "motherName,incorporationDate,legalForm,sector,registrationNumber,taxNumber,idNumber,innCode,ogrnCode,kppCode,"
    "okpoCode,leiCode,swiftBic,ticker,imoNumber,mmsi,flag,address,phone,email,website,notes\n"
)
EMPTY_ENTITY_CELLS = "," * 36
CSL_HEADER = (
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
    "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,"
    "gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
)
OFSI_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Name Non-Latin Script,DOB,Nationality,Country,"
    "Group Type,Alias Type,Group ID\n"
)
CUSTOM_HEADER = "id,name,kind,aliases,countries,birth_date,notes\n"


@dataclass(frozen=True)
class Bad:
    label: str
    format_name: str
    files: dict[str, bytes]
    line: int | None
    reason: str
    element: str | None = None
    field: str | None = None


def b(text: str) -> bytes:
    return text.encode("utf-8")


BAD = [
    # --- OFAC
    Bad("ofac empty file", "ofac-csv", {"sdn.csv": b""}, 1, "file is empty"),
    Bad(
        "ofac wrong delimiter", "ofac-csv", {"sdn.csv": b(OFAC_OK.replace(",", ";"))}, 1, "expected 12 fields"
    ),
    Bad(
        "ofac missing id",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK + OFAC_OK.replace("1,", ",", 1))},
        2,
        "no ent_num",
        field="ent_num",
    ),
    Bad(
        "ofac missing name",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK + OFAC_OK.replace('"EXAMPLE, One"', "-0- "))},
        2,
        "no SDN_Name",
    ),
    Bad(
        "ofac non-utf8",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK + OFAC_OK.replace("1,", "2,", 1)) + b'3,"CAF\xc9",-0- \r\n'},
        3,
        "invalid UTF-8",
    ),
    Bad("ofac binary garbage", "ofac-csv", {"sdn.csv": bytes(range(256)) * 4}, 1, "NUL byte"),
    Bad("ofac nul bytes", "ofac-csv", {"sdn.csv": b(OFAC_OK) + b"2,\x00\x00\r\n"}, 2, "NUL byte"),
    Bad(
        "ofac data after EOF record",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK) + b"\x1a\r\n" + b(OFAC_OK)},
        3,
        "after the end-of-file",
    ),
    Bad(
        "ofac unterminated quote",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK + '2,"UNTERMINATED\r\n')},
        2,
        "malformed CSV",
    ),
    Bad(
        "ofac header row",
        "ofac-csv",
        {
            "sdn.csv": b(
                "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,"
                "Tonnage,GRT,Vess_flag,Vess_owner,Remarks\r\n"
            )
        },
        1,
        "not a number",
    ),
    Bad(
        "ofac bad alias type",
        "ofac-csv",
        {"sdn.csv": b(OFAC_OK), "alt.csv": b('1,2,"xyz","A",-0- \r\n')},
        1,
        "unknown alt_type",
    ),
    Bad("ofac xml given", "ofac-csv", {"sdn.csv": b(UN_HEAD + UN_PERSON)}, 1, "expected 12 fields"),
    # --- UN XML
    Bad("un empty", "un-xml", {"un.xml": b""}, 1, "file is empty"),
    Bad("un truncated", "un-xml", {"un.xml": b(UN_HEAD + UN_PERSON)}, 9, "XML syntax error"),
    Bad(
        "un billion laughs",
        "un-xml",
        {"un.xml": b(BILLION_LAUGHS.format(root="CONSOLIDATED_LIST"))},
        2,
        "forbidden XML construct",
    ),
    Bad(
        "un external entity",
        "un-xml",
        {"un.xml": b(XXE.format(root="CONSOLIDATED_LIST"))},
        2,
        "forbidden XML construct",
    ),
    Bad("un csv given", "un-xml", {"un.xml": b(OFAC_OK)}, 1, "XML syntax error"),
    Bad(
        "un wrong root", "un-xml", {"un.xml": b(EU_HEAD + "</export>")}, 2, "unexpected root element <export>"
    ),
    Bad(
        "un missing dataid",
        "un-xml",
        {
            "un.xml": b(
                UN_HEAD + UN_PERSON.replace("<DATAID>1</DATAID>", "") + "</INDIVIDUALS></CONSOLIDATED_LIST>"
            )
        },
        4,
        "no DATAID",
        element="/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[1]",
    ),
    Bad(
        "un non-utf8",
        "un-xml",
        {"un.xml": b(UN_HEAD) + b"<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>\xff</FIRST_NAME>"},
        4,
        "XML syntax error",
    ),
    # --- EU XML
    Bad(
        "eu-xml billion laughs",
        "eu-xml",
        {"eu.xml": b(BILLION_LAUGHS.format(root="export"))},
        2,
        "forbidden XML construct",
    ),
    Bad(
        "eu-xml no namespace",
        "eu-xml",
        {
            "eu.xml": b(
                '<export>\n<sanctionEntity logicalId="1"><subjectType code="person"/>'
                "</sanctionEntity></export>"
            )
        },
        2,
        "outside the FSF namespace",
    ),
    Bad(
        "eu-xml unknown subject",
        "eu-xml",
        {
            "eu.xml": b(
                EU_HEAD
                + '<sanctionEntity logicalId="1">\n<subjectType code="planet"/></sanctionEntity></export>'
            )
        },
        3,
        "unknown subjectType",
    ),
    Bad(
        "eu-xml missing name",
        "eu-xml",
        {
            "eu.xml": b(
                EU_HEAD
                + '<sanctionEntity logicalId="7">\n<subjectType code="person"/></sanctionEntity></export>'
            )
        },
        3,
        "has no name",
    ),
    # --- CSL
    Bad("csl wrong delimiter", "csl", {"csl.csv": b(CSL_HEADER.replace(",", "\t"))}, 1, "missing column"),
    Bad(
        "csl missing name",
        "csl",
        {"csl.csv": b(CSL_HEADER + "DPL,,,,," + "," * 22 + "\n")},
        2,
        "no name",
        field="name",
    ),
    Bad("csl short row", "csl", {"csl.csv": b(CSL_HEADER + "DPL,,,,NAME\n")}, 2, "expected 28 fields"),
    Bad(
        "csl json truncated",
        "csl",
        {"csl.json": b('{"results": [\n {"name": "A", "source": "S"},\n {"name": ')},
        3,
        "invalid JSON",
    ),
    Bad(
        "csl json missing name",
        "csl",
        {"csl.json": b('{"results": [\n{"source": "S", "id": "1"}\n]}')},
        2,
        "no name",
    ),
    Bad("csl json no results", "csl", {"csl.json": b('{"total": 0}')}, 1, "no 'results' array"),
    Bad(
        "csl json non-utf8",
        "csl",
        {"csl.json": b('{"results": [\n{"name": "') + b"\xff\xfe" + b('"}]}')},
        2,
        "invalid UTF-8",
    ),
    # --- EU CSV
    Bad("eu-csv wrong header", "eu-csv", {"x.csv": b("celex,name\n")}, 1, "documented layout"),
    Bad(
        "eu-csv short row",
        "eu-csv",
        {"x.csv": b(EU_CSV_HEADER + "32099R0001,1,P,I,Asset freeze\n")},
        2,
        "expected 45 fields",
    ),
    Bad(
        "eu-csv missing name",
        "eu-csv",
        {"x.csv": b(EU_CSV_HEADER + "32099R0001,1,P,I,Asset freeze,,,Person," + EMPTY_ENTITY_CELLS + "\n")},
        2,
        "no name",
        field="name",
    ),
    Bad(
        "eu-csv multi-line record then error",
        "eu-csv",
        {
            "x.csv": b(
                EU_CSV_HEADER
                + '32099R0001,1,P,I,Asset freeze,,"two\nlines",Person,A'
                + EMPTY_ENTITY_CELLS
                + "\n32099R0001,2,P,I,Asset freeze,,,Planet,B"
                + EMPTY_ENTITY_CELLS
                + "\n"
            )
        },
        4,
        "unknown schema",
    ),
    # --- UK
    Bad("uk missing preamble", "uk-csv", {"ConList.csv": b(OFSI_HEADER)}, 1, "Last Updated"),
    Bad(
        "uk missing group id",
        "uk-csv",
        {
            "ConList.csv": b(
                "Last Updated,01/01/2026\n" + OFSI_HEADER + "EXAMPLE,One,,,,,,,,,Individual,Primary name,\n"
            )
        },
        3,
        "no Group ID",
    ),
    Bad(
        "uk-covyr not contiguous",
        "uk-covyr-csv",
        {
            "subject_names.csv": b(
                "name_id,unique_id,name_type,alias_strength,full_name\n1,A1,primary,,X\n"
                "2,B1,primary,,Y\n3,A1,alias,,Z\n"
            ),
            "subjects.csv": b("unique_id,subject_type\nA1,entity\nB1,entity\n"),
        },
        4,
        "not contiguous",
    ),
    # --- CN, custom
    Bad(
        "cn missing name",
        "cn-csv",
        {"s.csv": b("Type,QID,Name,Alias,Chinese name,Country,Body,List,Date\nPerson,,,,,US,,,\n")},
        2,
        "no name",
    ),
    Bad(
        "custom missing id",
        "custom-csv",
        {"c.csv": b(CUSTOM_HEADER + ",Someone,person,,,,\n")},
        2,
        "no id",
        field="id",
    ),
    Bad(
        "custom duplicate id",
        "custom-csv",
        {"c.csv": b(CUSTOM_HEADER + "1,A,person,,,,\n1,B,person,,,,\n")},
        3,
        "duplicate id",
    ),
    Bad(
        "custom bad country",
        "custom-csv",
        {"c.csv": b(CUSTOM_HEADER + "1,A,person,,Atlantis,,\n")},
        2,
        "unknown country",
        field="countries",
    ),
    Bad(
        "custom wrong delimiter",
        "custom-csv",
        {"c.csv": b(CUSTOM_HEADER.replace(",", ";"))},
        1,
        "documented layout",
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda x: x.label)
def test_bad_input_raises_with_location(bad: Bad, tmp_path: Path) -> None:
    # given a malformed file
    paths = []
    for name, data in bad.files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    # when it is parsed, then the whole import fails with the line and the reason
    with pytest.raises(ListFileError) as caught:
        list(parse(bad.format_name, paths, list_id="org-list" if bad.format_name == "custom-csv" else None))
    error = caught.value
    assert bad.reason in error.reason, str(error)
    assert error.line == bad.line, str(error)
    if bad.element is not None:
        assert error.element == bad.element
    if bad.field is not None:
        assert error.field == bad.field
    assert str(error).startswith(str(error.path))


def test_validate_reports_the_first_error_instead_of_raising(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(UN_HEAD + UN_PERSON, encoding="utf-8")
    report = validate("un-xml", [path])
    assert not report.ok
    assert report.error is not None
    assert report.error.line == 9
    assert report.entries == 1  # the individual before the truncation was read


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown list format"):
        list(parse("nope", [tmp_path / "x"]))
    with pytest.raises(ListFileError, match="file not found"):
        list(parse("un-xml", [tmp_path / "missing.xml"]))


def test_xml_memory_stays_bounded(tmp_path: Path) -> None:
    # given a UN file of ~2.5 MB (6,000 individuals); kept whole as a tree it would take well over 4 MB
    path = tmp_path / "big.xml"
    record = (
        "<INDIVIDUAL><DATAID>{i}</DATAID><FIRST_NAME>PERSON {i}</FIRST_NAME>"
        "<SECOND_NAME>EXAMPLE</SECOND_NAME>"
        "<COMMENTS1>" + "x" * 200 + "</COMMENTS1><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>"
        "<ALIAS_NAME>ALIAS {i}</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>\n"
    )
    with path.open("w", encoding="utf-8") as fh:
        fh.write(UN_HEAD + "<INDIVIDUALS>\n")
        for i in range(6_000):
            fh.write(record.format(i=i))
        fh.write("</INDIVIDUALS></CONSOLIDATED_LIST>\n")
    # when it is streamed without keeping the entries
    tracemalloc.start()
    try:
        count = sum(1 for _ in parse("un-xml", [path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # then the peak is a small fraction of the file (the id set is the only thing that grows)
    assert count == 6_000
    assert peak < 4 * 1024 * 1024, peak
