"""Country groups: the shipped data, union resolution and validation."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from waypost.geo.groups import CountryGroupError, is_country_code, load_country_groups

EXPECTED_IDS = {
    "nato",
    "eu",
    "five-eyes",
    "us-treaty-allies",
    "us-mnna",
    "us-allies",
    "ofac-comprehensive",
    "ear-d1",
    "ear-d5",
    "ear-e1",
    "ear-e2",
    "countries-of-concern",
}


def test_every_required_group_is_shipped_with_source_and_date() -> None:
    groups = load_country_groups()
    assert set(groups) == EXPECTED_IDS
    for group in groups.values():
        assert "http" in group.source, group.id
        assert isinstance(group.as_of, dt.date)
        assert {"en", "de", "zh-hans"} <= set(group.names)
        assert all(is_country_code(code) for code in group.members)


@pytest.mark.parametrize(
    ("group", "member", "expected"),
    [
        ("nato", "NO", True),  # Norway, not YAML's "no"
        ("nato", "SE", True),
        ("nato", "AT", False),
        ("eu", "GB", False),
        ("five-eyes", "NZ", True),
        ("us-treaty-allies", "JP", True),
        ("us-treaty-allies", "US", False),
        ("us-treaty-allies", "MX", False),
        ("us-mnna", "TW", True),
        ("us-mnna", "AF", False),
        ("us-allies", "CA", True),
        ("us-allies", "IL", True),
        ("us-allies", "CN", False),
        ("countries-of-concern", "RU", True),
        ("ear-e2", "CU", True),
        ("ear-d1", "CN", True),
        ("ear-d5", "VN", False),
        ("ear-d1", "IR", False),  # Iran is in D:2-D:5 and E:1, not in the national-security column
        ("ear-d1", "MO", True),
        ("ear-d5", "MO", False),
        ("ear-d5", "NI", True),
        ("ear-e1", "CU", False),  # the EAR lists Cuba in E:2 only
        ("ear-e1", "SY", True),
        ("ofac-comprehensive", "SY", False),  # programme revoked with effect from 1 July 2025
    ],
)
def test_membership(group: str, member: str, expected: Any) -> None:
    assert (member in load_country_groups()[group].members) is expected


def test_us_allies_is_the_union_of_treaty_allies_and_mnna() -> None:
    groups = load_country_groups()
    assert groups["us-allies"].members == groups["us-treaty-allies"].members | groups["us-mnna"].members
    assert groups["us-allies"].union == ("us-treaty-allies", "us-mnna")


def test_countries_of_concern_are_exactly_the_chips_act_four() -> None:
    assert load_country_groups()["countries-of-concern"].members == frozenset({"CN", "RU", "IR", "KP"})


def write(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


HEADER = """\
    id: {id}
    name: {{en: X, de: X, zh-hans: X}}
    source: Test source, https://example.org
    as_of: 2025-01-01
"""


@pytest.mark.parametrize(
    ("case", "files", "message"),
    [
        ("bad ISO code", {"a": HEADER.format(id="a") + "    members: [ZZ]\n"}, "not ISO 3166-1"),
        (
            "unknown key",
            {"a": HEADER.format(id="a") + "    members: [DE]\n    colour: red\n"},
            "unknown key(s): colour",
        ),
        (
            "id differs from file",
            {"a": HEADER.format(id="b") + "    members: [DE]\n"},
            "does not match the file name",
        ),
        ("no members", {"a": HEADER.format(id="a")}, "needs members"),
        ("unknown union part", {"a": HEADER.format(id="a") + "    union: [zz]\n"}, "unknown group 'zz'"),
        (
            "union cycle",
            {
                "a": HEADER.format(id="a") + "    union: [b]\n",
                "b": HEADER.format(id="b") + "    union: [a]\n",
            },
            "cycle",
        ),
        (
            "missing language",
            {"a": HEADER.format(id="a").replace(", zh-hans: X", "") + "    members: [DE]\n"},
            "zh-hans",
        ),
        ("malformed YAML", {"a": "id: [a\n"}, "not valid YAML"),
    ],
)
def test_invalid_group_files_are_rejected(
    tmp_path: Path, case: str, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    with pytest.raises(CountryGroupError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        load_country_groups(tmp_path)
    error = caught.value
    assert "%" not in re.sub(r"%\([a-z_]+\)s|%%", "", error.template), error.template
    assert error.message == error.template % error.params


def test_a_custom_directory_with_a_union(tmp_path: Path) -> None:
    write(tmp_path, "a", HEADER.format(id="a") + "    members: [DE, FR]\n")
    write(tmp_path, "b", HEADER.format(id="b") + "    members: [PL]\n    union: [a]\n")
    assert load_country_groups(tmp_path)["b"].members == frozenset({"DE", "FR", "PL"})


def test_group_errors_are_templates_rendered_per_language(tmp_path: Path) -> None:
    write(tmp_path, "a", HEADER.format(id="a") + "    members: [DE, ZZ]\n")
    with pytest.raises(CountryGroupError) as caught:
        load_country_groups(tmp_path)
    error = caught.value
    assert (error.file, error.field) == ("a.yaml", "members")
    assert error.template == "not ISO 3166-1 alpha-2 code(s): %(codes)s"
    assert error.params == {"codes": "'ZZ'"}
    assert str(error) == "a.yaml: members: not ISO 3166-1 alpha-2 code(s): 'ZZ'"
    assert error.render(lambda text: text.replace("not", "keine").replace("code(s)", "Codes")) == (
        "keine ISO 3166-1 alpha-2 Codes: 'ZZ'"
    )
    assert error.render(lambda text: "kaputt %(nope)s") == error.message
    assert error.render(lambda text: "kaputt %s") == error.message
