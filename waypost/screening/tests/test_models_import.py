"""Importing lists: versions, counts, entries kept after removal, malformed files, permissions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from waypost.audit.models import AuditEvent
from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.screening.formats import ListFileError, Provenance, parse
from waypost.screening.importing import _files_label, canonical_json, entry_document
from waypost.screening.models import ListEntryRecord, ListVersion, RestrictedList
from waypost.screening.services import list_import
from waypost.screening.tests.conftest import BROWNBACK, HAWLEY_NAME, real_file
from waypost.testing import Cast

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "Type": "Person",
    "QID": "Q999000111",
    "Name": "Testa Nuovo Persona",
    "Country": "US",
    "Body": "Ministry of Foreign Affairs",
    "Date": "01.01.2026",
}


def test_real_list_imported_twice_is_unchanged_the_second_time(
    cn_file: Path, run_import: Callable[..., ListVersion]
) -> None:
    """The second import of the same file creates no version and touches no entry."""
    # given / when
    first = run_import(format_name="cn-csv", paths=[cn_file])
    second = run_import(format_name="cn-csv", paths=[cn_file])

    # then
    assert first.is_new is True
    assert (first.number, first.added, first.changed, first.removed, first.unchanged) == (1, 464, 0, 0, 0)
    assert first.entry_count == 464
    assert first.sha256 == hashlib.sha256(cn_file.read_bytes()).hexdigest()
    assert first.files == [{"name": "sanctions.csv", "sha256": first.sha256, "size": cn_file.stat().st_size}]
    assert second.pk == first.pk
    assert second.is_new is False
    assert ListVersion.objects.count() == 1
    restricted = RestrictedList.objects.get()
    assert (restricted.list_id, restricted.format, restricted.owner) == (
        "cn-countersanctions",
        "cn-csv",
        None,
    )
    assert ListEntryRecord.objects.filter(removed_in__isnull=True).count() == 464
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["list.imported", "list.import_unchanged"]


def test_stored_entry_keeps_what_the_parser_read(cn_v1: ListVersion, cn_file: Path) -> None:
    """Names, countries and programmes are stored as parsed; the hash is of the canonical JSON."""
    parsed = next(e for e in parse("cn-csv", [cn_file]) if e.entry_id == BROWNBACK)
    record = ListEntryRecord.objects.get(entry_id=BROWNBACK)

    assert record.names == [
        {"text": "Sam Brownback", "kind": "primary", "derived": False},
        {"text": "布朗巴克", "kind": "original_script", "derived": False},
    ]
    assert record.kind == "person"
    assert record.countries == ["US"]
    assert record.programs == list(parsed.programs)
    assert record.primary_name == "Sam Brownback"
    assert record.content_hash == hashlib.sha256(canonical_json(entry_document(parsed))).hexdigest()
    assert (record.first_version_id, record.last_changed_version_id, record.removed_in_id) == (
        cn_v1.pk,
        cn_v1.pk,
        None,
    )


def test_modified_copy_counts_added_changed_removed_and_keeps_the_removed_entry(
    cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    """One row dropped, one alias changed, one row added: 1 removed, 1 changed, 1 added."""
    # given
    before = ListEntryRecord.objects.get(entry_id=BROWNBACK)
    hawley = ListEntryRecord.objects.get(names__0__text=HAWLEY_NAME)
    modified = cn_copy(drop=(HAWLEY_NAME,), alias={BROWNBACK: "Samuel Dale Brownback"}, add=(NEW_PERSON,))

    # when
    v2 = run_import(format_name="cn-csv", paths=[modified])

    # then
    assert (v2.number, v2.added, v2.changed, v2.removed, v2.unchanged) == (2, 1, 1, 1, 462)
    assert v2.entry_count == 464
    hawley.refresh_from_db()
    assert hawley.removed_in_id == v2.pk
    assert hawley.last_changed_version_id == cn_v1.pk  # kept as it was, for the record
    changed = ListEntryRecord.objects.get(entry_id=BROWNBACK)
    assert changed.content_hash != before.content_hash
    assert {"text": "Samuel Dale Brownback", "kind": "alias", "derived": False} in changed.names
    assert (changed.first_version_id, changed.last_changed_version_id) == (cn_v1.pk, v2.pk)
    added = ListEntryRecord.objects.get(entry_id="Q999000111")
    assert (added.first_version_id, added.last_changed_version_id) == (v2.pk, v2.pk)
    unchanged = ListEntryRecord.objects.exclude(pk__in=[hawley.pk, changed.pk, added.pk])
    assert set(unchanged.values_list("last_changed_version_id", flat=True)) == {cn_v1.pk}
    event = AuditEvent.objects.filter(action="list.imported").order_by("-seq").first()
    assert event is not None
    assert event.after is not None
    assert (event.after["added"], event.after["changed"], event.after["removed"]) == (1, 1, 1)


def test_an_entry_back_on_the_list_counts_as_added(
    cn_v1: ListVersion, cn_file: Path, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    """Re-importing the original after a removal brings the entry back (removed_in cleared)."""
    run_import(format_name="cn-csv", paths=[cn_copy(drop=(HAWLEY_NAME,))])

    v3 = run_import(format_name="cn-csv", paths=[cn_file])

    assert (v3.number, v3.added, v3.changed, v3.removed, v3.unchanged) == (3, 1, 0, 0, 463)
    hawley = ListEntryRecord.objects.get(names__0__text=HAWLEY_NAME)
    assert hawley.removed_in_id is None
    assert hawley.last_changed_version_id == v3.pk


def test_malformed_file_imports_nothing_and_names_the_line(
    cn_v1: ListVersion, cn_file: Path, tmp_path: Path
) -> None:
    """A row with a missing field at line 101 raises with that line; the stored list is untouched."""
    # given: the real file with one field cut from line 101, and an extra party appended
    lines = cn_file.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[100] = lines[100].rsplit(",", 1)[0] + "\n"
    lines.append("Person,Q1,Nobody New,,,US,,,,Ministry of Foreign Affairs,,01.01.2026,,,\n")
    broken = tmp_path / "sanctions.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    entries_before = list(ListEntryRecord.objects.order_by("pk").values_list("pk", "content_hash"))

    # when
    with pytest.raises(ListFileError) as caught:
        list_import(actor=None, format_name="cn-csv", paths=[broken])

    # then
    assert caught.value.line == 101
    assert "expected 15 fields" in caught.value.reason
    assert str(caught.value).startswith(f"{broken}:101: ")
    assert ListVersion.objects.count() == 1
    assert list(ListEntryRecord.objects.order_by("pk").values_list("pk", "content_hash")) == entries_before
    assert not AuditEvent.objects.filter(action="list.imported").exclude(target_id=str(cn_v1.pk)).exists()


def test_malformed_first_import_creates_no_list(tmp_path: Path) -> None:
    """Nothing at all is written for a list whose first file is malformed."""
    broken = tmp_path / "dpl.txt"
    broken.write_bytes(b"\x00\x01binary")

    with pytest.raises(ListFileError):
        list_import(actor=None, format_name="bis-dpl", paths=[broken])

    assert not RestrictedList.objects.exists()
    assert not AuditEvent.objects.exists()


def test_missing_file_raises_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(ListFileError, match="file not found"):
        list_import(actor=None, format_name="cn-csv", paths=[tmp_path / "nope.csv"])
    assert not RestrictedList.objects.exists()


def test_custom_list_needs_a_valid_list_id(custom_csv: Callable[..., Path]) -> None:
    path = custom_csv([{"id": "1", "name": "Acme Dual Use Ltd", "kind": "organisation"}])

    with pytest.raises(ValidationFailed) as missing:
        list_import(actor=None, format_name="custom-csv", paths=[path])
    with pytest.raises(ValidationFailed) as invalid:
        list_import(actor=None, format_name="custom-csv", paths=[path], list_id="Custom Lumen!")

    assert "list_id" in missing.value.fields
    assert "not a list id" in invalid.value.fields["list_id"][0]
    assert not RestrictedList.objects.exists()


def test_a_list_keeps_its_format(cn_v1: ListVersion, custom_csv: Callable[..., Path]) -> None:
    path = custom_csv([{"id": "1", "name": "Acme Dual Use Ltd"}])

    with pytest.raises(ValidationFailed) as caught:
        list_import(actor=None, format_name="custom-csv", paths=[path], list_id="cn-countersanctions")

    assert "imported as cn-csv" in caught.value.fields["format"][0]


def test_who_may_import(cast: Cast, cn_file: Path, custom_csv: Callable[..., Path]) -> None:
    """Administrators import public lists; a security officer only their organisation's own list."""
    custom = custom_csv([{"id": "1", "name": "Acme Dual Use Ltd", "kind": "organisation"}])

    for persona in ("alice", "olu", "audrey"):
        with pytest.raises(PermissionDenied):
            list_import(actor=cast.persona(persona).user, format_name="cn-csv", paths=[cn_file])
    with pytest.raises(PermissionDenied):
        list_import(
            actor=cast.mallory.user,
            format_name="custom-csv",
            paths=[custom],
            list_id="custom-lumen",
            owner=cast.org,
        )

    public = list_import(actor=cast.ada.user, format_name="cn-csv", paths=[cn_file])
    own = list_import(
        actor=cast.olu.user, format_name="custom-csv", paths=[custom], list_id="custom-lumen", owner=cast.org
    )

    assert public.imported_by == cast.ada.user
    assert (own.list.owner, own.imported_by) == (cast.org, cast.olu.user)
    event = AuditEvent.objects.get(action="list.imported", target_id=str(own.pk))
    assert (event.actor_id, event.org_path) == (cast.olu.user.pk, cast.org.path)


def test_custom_lists_are_seen_by_their_subtree_only(
    cast: Cast, cn_v1: ListVersion, custom_csv: Callable[..., Path]
) -> None:
    list_import(
        actor=None,
        format_name="custom-csv",
        paths=[custom_csv([{"id": "1", "name": "Acme Dual Use Ltd"}])],
        list_id="custom-lumen",
        owner=cast.org,
    )

    def seen(persona: str) -> set[str]:
        user = cast.persona(persona).user
        return set(RestrictedList.objects.visible_to(user).values_list("list_id", flat=True))

    assert seen("alice") == seen("olu") == seen("ada") == {"cn-countersanctions", "custom-lumen"}
    assert seen("mallory") == {"cn-countersanctions"}
    assert set(RestrictedList.objects.for_org_path(cast.unit.path).values_list("list_id", flat=True)) == {
        "cn-countersanctions",
        "custom-lumen",
    }
    assert list(
        RestrictedList.objects.for_org_path(cast.other_unit.path).values_list("list_id", flat=True)
    ) == ["cn-countersanctions"]


def test_version_records_parser_skips(cn_v1: ListVersion) -> None:
    """Rows the parser skipped on purpose are counted on the version (China: merged duplicate rows)."""
    assert cn_v1.skipped["CN row merged into an earlier row for the same party"] > 0
    assert json.loads(json.dumps(cn_v1.skipped)) == cn_v1.skipped


def test_the_parser_names_the_list_when_no_id_is_given(run_import: Callable[..., ListVersion]) -> None:
    """OFAC's consolidated (non-SDN) files are the list ofac-cons: they must not replace the SDN list."""
    folder = real_file("ofac_consolidated_nonsdn/cons_prim.csv").parent
    files = [folder / name for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")]

    first = run_import(format_name="ofac-csv", paths=files)
    again = run_import(format_name="ofac-csv", paths=list(reversed(files)))

    assert first.list.list_id == "ofac-cons"
    assert (again.pk, again.is_new) == (first.pk, False)
    assert list(RestrictedList.objects.values_list("list_id", flat=True)) == ["ofac-cons"]


def test_many_files_make_a_short_default_source() -> None:
    """Forty-five EU files do not overflow the 500-character source (PostgreSQL would refuse it)."""
    files = tuple((f"3201{n:02d}R0269.csv", "0" * 64, 10) for n in range(45))
    label = _files_label(Provenance("0" * 64, 450, None, files))

    assert label == "320100R0269.csv … 320144R0269.csv (45 files)"


def test_title_and_source_lengths_are_checked(cn_file: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        list_import(actor=None, format_name="cn-csv", paths=[cn_file], title="t" * 201, source="s" * 501)

    assert set(caught.value.fields) == {"title", "source"}
    assert not RestrictedList.objects.exists()
