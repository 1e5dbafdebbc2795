"""``people_import``: all rows or none, every problem reported at once as (row, column, reason)."""

from __future__ import annotations

import pytest

from waypost.audit.models import AuditEvent
from waypost.core.errors import PermissionDenied
from waypost.people.models import Person
from waypost.people.services import ImportResult, people_import
from waypost.people.tests.factories import OrgNodeFactory, UnitFactory
from waypost.testing import Cast

HEADER = "email,name_latin,unit,name_native,manager_email,role,sensitivity,sectors,language"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def problems(result: ImportResult) -> list[tuple[int, str]]:
    return [(error.row, error.column) for error in result.errors]


def import_as(cast: Cast, data: bytes, persona: str = "olu") -> ImportResult:
    return people_import(actor=cast.persona(persona).user, data=data, filename="people.csv")


def assert_nothing_imported(cast: Cast, people_before: int) -> None:
    assert Person.objects.count() == people_before
    assert not AuditEvent.objects.filter(action__in=["person.created", "person.updated"]).exists()
    assert not AuditEvent.objects.filter(action="people.imported").exists()
    assert AuditEvent.objects.filter(action="people.import_rejected").count() == 1


# --- success ---------------------------------------------------------------------------------------


def test_valid_file_imports_every_row_and_audits(cast: Cast) -> None:
    """A valid file creates everyone, links managers (also later rows),
    and audits each person and the import."""
    # given
    data = csv_bytes(
        "nina@lumen.example,Nina Park,lumen-models,朴妮娜,omar@lumen.example,engineer,2,ai;robotics,de",
        "omar@lumen.example,Omar Haddad,lumen-models,,bob@lumen.example,senior-researcher,3,ai,",
        "Pia@Lumen.example,Pia Rossi,lumen-security,,,,,,",
    )
    # when
    result = import_as(cast, data)
    # then
    assert result.ok is True
    assert (result.created, result.updated) == (3, 0)
    nina = Person.objects.get(email="nina@lumen.example")
    assert (nina.name_native, nina.unit, nina.role, nina.sensitivity) == ("朴妮娜", cast.unit, "engineer", 2)
    assert nina.sectors == ["ai", "robotics"]
    assert nina.preferred_language == "de"
    assert nina.manager.email == "omar@lumen.example"
    assert Person.objects.get(email="omar@lumen.example").manager == cast.bob
    pia = Person.objects.get(email="pia@lumen.example")
    assert (pia.role, pia.sensitivity, pia.sectors, pia.manager) == ("staff", 1, [], None)
    assert AuditEvent.objects.filter(action="person.created").count() == 3
    summary = AuditEvent.objects.get(action="people.imported")
    assert summary.actor_id == cast.olu.user.pk
    assert summary.extra == {"created": 3, "updated": 0, "rows": 3}


def test_columns_may_come_in_any_order_with_only_the_required_ones(cast: Cast) -> None:
    """Only email, name_latin and unit are required; header order and case do not matter."""
    # given
    data = csv_bytes("lumen-models,Quinn Ode,quinn@lumen.example", header="Unit, NAME_LATIN ,Email")
    # when
    result = import_as(cast, data)
    # then
    assert (result.ok, result.created) == (True, 1)
    assert Person.objects.get(email="quinn@lumen.example").unit == cast.unit


def test_utf8_bom_is_accepted(cast: Cast) -> None:
    """Files saved by spreadsheets start with a byte-order mark; it is ignored."""
    # given
    data = b"\xef\xbb\xbf" + csv_bytes("rui@lumen.example,Rui Tan,lumen-models,,,,,,")
    # when
    result = import_as(cast, data)
    # then
    assert result.created == 1


def test_reimport_updates_people_by_email(cast: Cast) -> None:
    """A row whose e-mail exists updates that person; unchanged rows are not counted."""
    # given
    first = csv_bytes(
        "nina@lumen.example,Nina Park,lumen-models,,,engineer,2,ai,",
        "omar@lumen.example,Omar Haddad,lumen-models,,,engineer,2,ai,",
    )
    import_as(cast, first)
    nina_id = Person.objects.get(email="nina@lumen.example").pk
    second = csv_bytes(
        "NINA@lumen.example,Nina Park-Lee,lumen-security,,alice@lumen.example,executive,3,ai;quantum,",
        "omar@lumen.example,Omar Haddad,lumen-models,,,engineer,2,ai,",
        "pia@lumen.example,Pia Rossi,lumen-models,,,,,,",
    )
    # when
    result = import_as(cast, second)
    # then
    assert (result.created, result.updated) == (1, 1)
    nina = Person.objects.get(email="nina@lumen.example")
    assert nina.pk == nina_id
    assert (nina.name_latin, nina.unit, nina.role, nina.sensitivity) == (
        "Nina Park-Lee",
        cast.security_unit,
        "executive",
        3,
    )
    assert nina.manager == cast.alice
    update = AuditEvent.objects.filter(action="person.updated", target_id=str(nina_id)).order_by("seq")[0]
    assert update.before["name_latin"] == "Nina Park"
    assert update.after["name_latin"] == "Nina Park-Lee"


def test_reimport_changing_only_the_manager_counts_as_an_update(cast: Cast) -> None:
    """A new manager is a change like any other: the person is counted as updated, once."""
    # given
    import_as(cast, csv_bytes("nina@lumen.example,Nina Park,lumen-models,,,engineer,2,ai,"))
    # when
    result = import_as(
        cast, csv_bytes("nina@lumen.example,Nina Park,lumen-models,,bob@lumen.example,engineer,2,ai,")
    )
    # then
    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.get(email="nina@lumen.example").manager == cast.bob
    assert AuditEvent.objects.get(action="people.imported", extra__updated=1)


def test_identical_reimport_changes_nothing(cast: Cast) -> None:
    """Importing the same file twice counts no updates and records no person changes the second time."""
    # given
    data = csv_bytes(
        "nina@lumen.example,Nina Park,lumen-models,,bob@lumen.example,engineer,2,ai,",
        "omar@lumen.example,Omar Haddad,lumen-models,,nina@lumen.example,engineer,2,ai,",
    )
    import_as(cast, data)
    changes_before = AuditEvent.objects.filter(action__startswith="person.").count()
    # when
    result = import_as(cast, data)
    # then
    assert (result.created, result.updated) == (0, 0)
    assert AuditEvent.objects.filter(action__startswith="person.").count() == changes_before


def test_administrator_may_import_anywhere_in_the_authority(cast: Cast) -> None:
    """Ada administers the authority, so units in any of its organisations are hers to fill."""
    # given
    elsewhere = UnitFactory(
        slug="silicon-design", parent=OrgNodeFactory(slug="silicon", parent=cast.authority)
    )
    data = csv_bytes(f"sam@silicon.example,Sam Ito,{elsewhere.slug},,,,,,")
    # when
    result = import_as(cast, data, persona="ada")
    # then
    assert result.created == 1


# --- permission ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "bob", "audrey", "mallory"])
def test_only_officers_and_administrators_may_import(cast: Cast, persona: str) -> None:
    """Travellers, approvers and auditors are refused before anything is read."""
    # given
    data = csv_bytes("nina@lumen.example,Nina Park,lumen-models,,,,,,")
    # when / then
    with pytest.raises(PermissionDenied):
        import_as(cast, data, persona=persona)
    assert not Person.objects.filter(email="nina@lumen.example").exists()


# --- every problem at once, nothing imported -------------------------------------------------------


def test_every_bad_row_is_reported_at_once_and_nothing_is_imported(cast: Cast) -> None:
    """One upload lists each problem with its row and column; the good rows are not imported either."""
    # given
    people_before = Person.objects.count()
    data = csv_bytes(
        "good@lumen.example,Good Row,lumen-models,,,,,,",  # row 2
        "not-an-email,Bad Email,lumen-models,,,,,,",  # row 3
        "x@lumen.example,,lumen-models,,,wizard,7,ai;alchemy,fr",  # row 4
        "good@lumen.example,Duplicate,lumen-models,,,,,,",  # row 5
        "y@lumen.example,Y,no-such-unit,,ghost@nowhere.example,,,,",  # row 6
    )
    # when
    result = import_as(cast, data)
    # then
    assert result.ok is False
    assert (result.created, result.updated) == (0, 0)
    assert problems(result) == [
        (3, "email"),
        (4, "language"),
        (4, "name_latin"),
        (4, "role"),
        (4, "sectors"),
        (4, "sensitivity"),
        (5, "email"),
        (6, "manager_email"),
        (6, "unit"),
    ]
    assert_nothing_imported(cast, people_before)


def test_rejection_is_audited(cast: Cast) -> None:
    """A rejected import is recorded with the number of problems."""
    # when
    import_as(cast, csv_bytes("a@lumen.example,A,no-such-unit,,,,,,"))
    # then
    event = AuditEvent.objects.get(action="people.import_rejected")
    assert event.actor_id == cast.olu.user.pk
    assert event.target_label == "people.csv"
    assert event.extra == {"errors": 1, "rows": 1}


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("x@lumen.example,X,lumen-models,,,wizard,,,", "role", "'wizard' is not a job role"),
        ("x@lumen.example,X,lumen-models,,,,5,,", "sensitivity", "'5' is not a sensitivity level"),
        ("x@lumen.example,X,lumen-models,,,,high,,", "sensitivity", "'high' is not a sensitivity level"),
        ("x@lumen.example,X,lumen-models,,,,,ai;alchemy,", "sectors", "Unknown sector(s): alchemy"),
        ("x@lumen.example,X,lumen-models,,,,,,klingon", "language", "not a supported language"),
        ("x@lumen.example,X,lumen-models,,nobody@lumen.example,,,,", "manager_email", "No person"),
        ("x@lumen.example,X,lumen-models,,X@Lumen.example,,,,", "manager_email", "own manager"),
        ("x@lumen.example,X,lumen-models,,not-mail,,,,", "manager_email", "not a valid e-mail"),
        ("x@lumen.example,X,no-such-unit,,,,,,", "unit", "Unknown unit 'no-such-unit'"),
        ("x@lumen.example,X,lumen,,,,,,", "unit", "'lumen' is not a unit"),
        ("x@lumen.example,X,,,,,,,", "unit", "required"),
        (",X,lumen-models,,,,,,", "email", "required"),
        ("x@lumen.example," + "N" * 201 + ",lumen-models,,,,,,", "name_latin", "Longer than 200"),
    ],
)
def test_bad_field_is_named_with_row_column_and_reason(
    cast: Cast, row: str, column: str, reason: str
) -> None:
    """Each kind of bad value names its row, its column and a reason the importer can act on."""
    # given
    people_before = Person.objects.count()
    # when
    result = import_as(cast, csv_bytes("ok@lumen.example,Ok,lumen-models,,,,,,", row))
    # then
    assert problems(result) == [(3, column)]
    assert reason in result.errors[0].reason
    assert_nothing_imported(cast, people_before)


def test_unit_outside_the_importers_subtree_looks_like_an_unknown_unit(cast: Cast) -> None:
    """Olu cannot learn that another organisation's unit exists: the reason reads as for a missing one."""
    # given
    outside = csv_bytes("x@lumen.example,X,kinetic-autonomy,,,,,,")
    missing = csv_bytes("x@lumen.example,X,kinetic-nowhere,,,,,,")
    # when
    outside_result = import_as(cast, outside)
    missing_result = import_as(cast, missing)
    # then
    assert problems(outside_result) == problems(missing_result) == [(2, "unit")]
    assert outside_result.errors[0].reason.replace("kinetic-autonomy", "UNIT") == missing_result.errors[
        0
    ].reason.replace("kinetic-nowhere", "UNIT")
    assert not Person.objects.filter(email="x@lumen.example").exists()


def test_existing_person_outside_the_subtree_cannot_be_moved_in(cast: Cast) -> None:
    """Re-importing someone from another organisation is refused, not silently taken over."""
    # given
    data = csv_bytes("mallory@kinetic.example,Mallory Vogt,lumen-models,,,,,,")
    # when
    result = import_as(cast, data)
    # then
    assert problems(result) == [(2, "email")]
    cast.mallory.refresh_from_db()
    assert cast.mallory.unit == cast.other_unit


def test_duplicate_email_names_the_first_row(cast: Cast) -> None:
    """A repeated e-mail (in any case) is reported on the later row, naming the earlier one."""
    # when
    result = import_as(
        cast,
        csv_bytes("dup@lumen.example,One,lumen-models,,,,,,", "DUP@lumen.example,Two,lumen-models,,,,,,"),
    )
    # then
    assert problems(result) == [(3, "email")]
    assert "row 2" in result.errors[0].reason


def test_manager_cycle_within_the_file_is_refused(cast: Cast) -> None:
    """a → b → a inside one file is a cycle; both rows are named."""
    # given
    people_before = Person.objects.count()
    data = csv_bytes(
        "a@lumen.example,A,lumen-models,,b@lumen.example,,,,",
        "b@lumen.example,B,lumen-models,,a@lumen.example,,,,",
    )
    # when
    result = import_as(cast, data)
    # then
    assert problems(result) == [(2, "manager_email"), (3, "manager_email")]
    assert "cycle" in result.errors[0].reason
    assert_nothing_imported(cast, people_before)


def test_manager_cycle_across_file_and_database_is_refused(cast: Cast) -> None:
    """Alice's manager is Bob in the database; making Bob report to Alice closes a cycle."""
    # given
    data = csv_bytes("bob@lumen.example,Bob Chen,lumen-models,,alice@lumen.example,,,,")
    # when
    result = import_as(cast, data)
    # then
    assert problems(result) == [(2, "manager_email")]
    assert "cycle" in result.errors[0].reason
    cast.bob.refresh_from_db()
    assert cast.bob.manager is None


def test_breaking_a_cycle_in_the_same_file_is_allowed(cast: Cast) -> None:
    """Moving Alice away from Bob and Bob under Alice in one file leaves no cycle."""
    # given
    data = csv_bytes(
        "alice@lumen.example,Alice Wang,lumen-models,王爱丽,,executive,3,ai,",
        "bob@lumen.example,Bob Chen,lumen-models,,alice@lumen.example,senior-researcher,2,ai,",
    )
    # when
    result = import_as(cast, data)
    # then
    assert result.ok is True, result.errors
    cast.bob.refresh_from_db()
    cast.alice.refresh_from_db()
    assert (cast.bob.manager, cast.alice.manager) == (cast.alice, None)


# --- files that are not a usable CSV ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected", "reason"),
    [
        (b"", [(1, "")], "empty"),
        (HEADER.encode() + b"\n", [(2, "")], "no people"),
        (b"email,name_latin\nx@lumen.example,X\n", [(1, "unit")], "required column is missing"),
        (
            b"email,name_latin,unit,shoe_size\nx@lumen.example,X,lumen-models,44\n",
            [(1, "shoe_size")],
            "Unknown column",
        ),
        (b"email,email,name_latin,unit\n", [(1, "")], "twice"),
        (b"\x00\x01\x02\x03binary\xff\xfe", [(1, "")], "not UTF-8"),
        (b"\x00\x01PK\x03\x04 zip-like", [(1, "")], "binary data"),
        (
            b"email,name_latin,unit\nok@lumen.example,Ok,lumen-models\nm\xfcller@lumen.example,M,lumen-models\n",
            [(3, "")],
            "not UTF-8",
        ),
        (
            b"email,name_latin,unit\nx@lumen.example,X,lumen-models,extra\ny@lumen.example\n",
            [(2, ""), (3, "")],
            "Expected 3 fields",
        ),
    ],
    ids=[
        "empty",
        "header-only",
        "missing-column",
        "unknown-column",
        "repeated-column",
        "non-utf8-binary",
        "nul-bytes",
        "non-utf8-row-3",
        "malformed-rows",
    ],
)
def test_unusable_file_is_rejected_with_a_reason(
    cast: Cast, data: bytes, expected: list[tuple[int, str]], reason: str
) -> None:
    """Empty, header-only, binary, non-UTF-8, malformed or wrongly-headed files import nothing and say why."""
    # given
    people_before = Person.objects.count()
    # when
    result = import_as(cast, data)
    # then
    assert problems(result) == expected
    assert reason in result.errors[0].reason
    assert_nothing_imported(cast, people_before)


def test_unterminated_quote_is_reported(cast: Cast) -> None:
    """A quote that never closes swallows the rest of the file; the import is refused, not half-done."""
    # given
    data = b'email,name_latin,unit\nx@lumen.example,"X,lumen-models\ny@lumen.example,Y,lumen-models\n'
    # when
    result = import_as(cast, data)
    # then
    assert result.ok is False
    assert not Person.objects.filter(email__in=["x@lumen.example", "y@lumen.example"]).exists()
