"""Importing a restricted-party list: checksum first, parse everything, then write in one transaction.

:func:`list_import` (re-exported by :mod:`waypost.screening.services`) runs in three steps:

1. **Provenance.** The files' SHA-256 (:func:`~waypost.screening.formats.file_provenance`). When
   the newest version of the list has the same checksum, that version is returned and nothing
   is written but the audit event saying the list was checked. Without an explicit list id the
   parser names the list (``cons_prim.csv`` is ``ofac-cons``, ``sdn.csv`` is ``ofac-sdn``), so
   its first entry is read before the comparison.
2. **Parse the whole file** before writing anything. Each entry becomes its canonical JSON
   (:func:`entry_document`), spooled to a temporary file (in memory up to 16 MB, on disk
   beyond), and only ``entry_id → content_hash`` stays in memory, so a 100 MB list needs tens
   of MB, not the parsed objects. A :class:`~waypost.screening.formats.ListFileError` (with line
   or element) propagates before the database is touched: a malformed file imports nothing.
3. **Write** in one transaction, the list row locked: a new :class:`ListVersion`, then the
   entries compared with the stored ones by hash and written in batches of
   :data:`BATCH_SIZE`: new → added, another hash (or back after a removal) → changed or added,
   missing from the file → ``removed_in``, same → untouched. After commit, a background task
   re-screens the stored subjects against the added and changed entries.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from waypost.audit.services import record
from waypost.core import clock
from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.people.models import OrgNode

from . import events
from .engine import ListEntry
from .formats import FORMATS, ListFileError, ParseStats, Provenance, file_provenance, parse
from .models import ListEntryRecord, ListVersion, RestrictedList
from .permissions import can_import_list

BATCH_SIZE = 2000
ENTRY_ID_LENGTH = 200  # ListEntryRecord.entry_id
TITLE_LENGTH = 200
SOURCE_LENGTH = 500
SPOOL_IN_MEMORY_BYTES = 16 * 1024 * 1024
LIST_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ENTRY_FIELDS = (
    "kind",
    "names",
    "countries",
    "birth_dates",
    "programs",
    "remarks",
    "source_url",
    "extra",
    "content_hash",
)
VERSION_FIELDS = ("number", "sha256", "size", "added", "changed", "removed", "unchanged", "entry_count")


def entry_document(entry: ListEntry) -> dict[str, Any]:
    """The stored form of an entry; its canonical JSON is what ``content_hash`` hashes."""
    return {
        "entry_id": entry.entry_id,
        "kind": str(entry.kind),
        "names": [{"text": n.text, "kind": str(n.kind), "derived": n.derived} for n in entry.names],
        "countries": list(entry.countries),
        "birth_dates": list(entry.birth_dates),
        "programs": list(entry.programs),
        "remarks": entry.remarks,
        "source_url": entry.source_url,
        "extra": [list(pair) for pair in entry.extra],
    }


def canonical_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class ParsedList:
    """A parsed list held compactly: hashes in memory, the entries' JSON lines in a spool file."""

    hashes: dict[str, str] = field(default_factory=dict)  # entry_id -> content_hash, in file order
    # Closed by close(), which list_import calls in a finally block.
    spool: IO[bytes] = field(
        default_factory=lambda: tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
    )
    stats: ParseStats = field(default_factory=ParseStats)

    def collect(self, entries: Iterable[ListEntry], path: Path) -> None:
        for entry in entries:
            if len(entry.entry_id) > ENTRY_ID_LENGTH:
                raise ListFileError(
                    path, f"entry id {entry.entry_id[:40]!r}… is longer than {ENTRY_ID_LENGTH} characters"
                )
            line = canonical_json(entry_document(entry))
            self.hashes[entry.entry_id] = hashlib.sha256(line).hexdigest()
            self.spool.write(line + b"\n")

    def documents(self) -> Iterator[tuple[str, str, bytes]]:
        """``(entry_id, content_hash, canonical JSON)`` in file order."""
        self.spool.seek(0)
        for (entry_id, content_hash), line in zip(self.hashes.items(), self.spool, strict=True):
            yield entry_id, content_hash, line.rstrip(b"\n")

    def close(self) -> None:
        self.spool.close()


def parse_list(format_name: str, paths: Sequence[Path], list_id: str | None) -> ParsedList:
    """Parse every entry first; ListFileError propagates and nothing is kept."""
    parsed = ParsedList()
    stream = parse(format_name, paths, list_id=list_id, stats=parsed.stats)
    try:
        parsed.collect(stream, paths[0])
    except BaseException:
        parsed.close()
        raise
    return parsed


def _record_from(document: dict[str, Any], content_hash: str) -> dict[str, Any]:
    return {
        "kind": document["kind"],
        "names": document["names"],
        "countries": document["countries"],
        "birth_dates": document["birth_dates"],
        "programs": document["programs"],
        "remarks": document["remarks"],
        "source_url": document["source_url"][:1000],
        "extra": document["extra"],
        "content_hash": content_hash,
    }


def _check_paths(paths: Sequence[Path | str]) -> list[Path]:
    files = [Path(p) for p in paths]
    if not files:
        raise ValidationFailed(fields={"paths": [_("Name at least one list file.")]})
    for path in files:
        if not path.is_file():
            raise ListFileError(path, "file not found")
    return files


def _check_format_and_list_id(format_name: str, list_id: str | None) -> None:
    if format_name not in FORMATS:
        raise ValidationFailed(
            fields={
                "format": [
                    _("Unknown list format “%(format)s”; known: %(known)s.")
                    % {"format": format_name, "known": ", ".join(sorted(FORMATS))}
                ]
            }
        )
    if list_id is None and not FORMATS[format_name].default_list_id:
        raise ValidationFailed(
            fields={"list_id": [_("The format %(format)s needs a list id.") % {"format": format_name}]}
        )
    if list_id is not None and not LIST_ID.match(list_id):
        raise ValidationFailed(
            fields={
                "list_id": [
                    _("“%(list_id)s” is not a list id: use lower-case letters, digits and hyphens.")
                    % {"list_id": list_id}
                ]
            }
        )


def _newest(restricted: RestrictedList) -> ListVersion | None:
    return restricted.versions.order_by("-number").first()


def _audit_unchanged(actor: Any, version: ListVersion, provenance: Provenance) -> None:
    record(
        event=events.LIST_IMPORT_UNCHANGED,
        actor=actor,
        target=version,
        extra={"sha256": provenance.sha256, "files": [f[0] for f in provenance.files]},
    )


def list_import(
    *,
    actor: Any,
    format_name: str,
    paths: Sequence[Path | str],
    list_id: str | None = None,
    title: str = "",
    source: str = "",
    owner: OrgNode | None = None,
) -> ListVersion:
    """Import a list published as ``paths`` in ``format_name``; return the version now current.

    ``actor`` is a user, or None for the system (the command line, a scheduled download).
    Administrators import public lists; an organisation's own list (``owner`` set) may also
    be imported by a security officer over the owner. The returned version's ``is_new`` is
    False when the files had already been imported (nothing changed).

    Raises ListFileError (nothing written), ValidationFailed, PermissionDenied.
    """
    _check_format_and_list_id(format_name, list_id)
    too_long = {
        name: [_("At most %(count)d characters.") % {"count": limit}]
        for name, value, limit in (("title", title, TITLE_LENGTH), ("source", source, SOURCE_LENGTH))
        if len(value) > limit
    }
    if too_long:
        raise ValidationFailed(fields=too_long)
    files = _check_paths(paths)
    if actor is not None and not can_import_list(actor, owner):
        raise PermissionDenied(_("You may not import this list."))

    # 1. Provenance: the same files as the newest version change nothing. Without an explicit
    # list id the parser names the list (OFAC's cons_prim.csv is ofac-cons, not ofac-sdn), so
    # its stream is started and its first entry read to learn the id.
    provenance = file_provenance(files)
    parsed = ParsedList()
    stream = parse(format_name, files, list_id=list_id, stats=parsed.stats)
    try:
        first = next(stream, None) if list_id is None else None
        resolved = list_id or (first.list_id if first is not None else FORMATS[format_name].default_list_id)
        assert resolved is not None  # checked by _check_format_and_list_id
        existing = RestrictedList.objects.filter(list_id=resolved).first()
        if existing is not None:
            _check_same_list(existing, format_name, owner)
            newest = _newest(existing)
            if newest is not None and newest.sha256 == provenance.sha256:
                with transaction.atomic():
                    _audit_unchanged(actor, newest, provenance)
                return newest

        # 2. Parse everything before writing anything.
        if first is not None:
            parsed.collect([first], files[0])
        parsed.collect(stream, files[0])
        return _write(
            actor=actor,
            format_name=format_name,
            list_id=resolved,
            title=title,
            source=source,
            owner=owner,
            provenance=provenance,
            parsed=parsed,
        )
    finally:
        close = getattr(stream, "close", None)  # a generator: release its open files
        if close is not None:
            close()
        parsed.close()


def _check_same_list(existing: RestrictedList, format_name: str, owner: OrgNode | None) -> None:
    if existing.format != format_name:
        raise ValidationFailed(
            fields={
                "format": [
                    _("The list %(list_id)s is imported as %(format)s, not %(other)s.")
                    % {"list_id": existing.list_id, "format": existing.format, "other": format_name}
                ]
            }
        )
    if existing.owner_id != (owner.pk if owner else None):
        raise ValidationFailed(
            fields={
                "owner": [
                    _("The list %(list_id)s belongs to another organisation, or is public.")
                    % {"list_id": existing.list_id}
                ]
            }
        )


@transaction.atomic
def _write(
    *,
    actor: Any,
    format_name: str,
    list_id: str,
    title: str,
    source: str,
    owner: OrgNode | None,
    provenance: Provenance,
    parsed: ParsedList,
) -> ListVersion:
    restricted, _created = RestrictedList.objects.get_or_create(
        list_id=list_id,
        defaults={
            "format": format_name,
            "title": title or FORMATS[format_name].description,
            "source": source or _files_label(provenance),
            "owner": owner,
        },
    )
    # FOR UPDATE (the strongest row lock): one import of a list at a time.
    restricted = RestrictedList.objects.select_for_update().get(pk=restricted.pk)
    _check_same_list(restricted, format_name, owner)
    newest = _newest(restricted)
    if newest is not None and newest.sha256 == provenance.sha256:
        # Another import of the same files committed while this one was parsing.
        _audit_unchanged(actor, newest, provenance)
        return newest
    changes = {}
    if title and title != restricted.title:
        changes["title"] = title
    if source and source != restricted.source:
        changes["source"] = source
    if changes:
        RestrictedList.objects.filter(pk=restricted.pk).update(**changes)

    number = (restricted.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ListVersion.objects.create(
        list=restricted,
        number=number,
        format=format_name,
        sha256=provenance.sha256,
        size=provenance.size,
        file_date=provenance.file_date,
        files=[{"name": name, "sha256": digest, "size": size} for name, digest, size in provenance.files],
        skipped=dict(parsed.stats.skipped),
        imported_at=clock.now(),
        imported_by=actor if getattr(actor, "pk", None) else None,
        entry_count=len(parsed.hashes),
    )
    _write_entries(restricted, version, parsed)
    version.save(update_fields=["added", "changed", "removed", "unchanged"])
    version.is_new = True
    record(
        event=events.LIST_IMPORTED,
        actor=actor,
        target=version,
        after={"list": list_id, **{name: getattr(version, name) for name in VERSION_FIELDS}},
        extra={"format": format_name, "files": version.files, "file_date": str(version.file_date or "")},
    )
    if version.added or version.changed or version.removed:
        version_id = version.pk
        transaction.on_commit(lambda: _queue_rescreen(version_id))
    return version


def _files_label(provenance: Provenance) -> str:
    """The default ``source`` of a list: its file names, shortened when there are many."""
    names = [name for name, _digest, _size in provenance.files]
    label = ", ".join(names)
    if len(label) > SOURCE_LENGTH:
        label = f"{names[0]} … {names[-1]} ({len(names)} files)"
    return label[:SOURCE_LENGTH]


def _queue_rescreen(version_id: int) -> None:
    from .tasks import rescreen_version_task

    rescreen_version_task(version_id)


#: Marks, in ``ParsedList.hashes``, an entry found stored with the same content: nothing to write.
_SAME = ""


def _write_entries(restricted: RestrictedList, version: ListVersion, parsed: ParsedList) -> None:
    """Compare the parsed entries with the stored ones by hash and write the difference in batches.

    The stored rows are streamed once (id, hash, removed); only the rows to update are remembered,
    and unchanged entries are marked in ``parsed.hashes``, so memory does not grow with the
    number of stored entries.
    """
    hashes = parsed.hashes
    to_update: dict[str, tuple[int, bool]] = {}  # entry_id -> (pk, was removed)
    gone: list[int] = []
    stored = (
        ListEntryRecord.objects.filter(list=restricted)
        .order_by()
        .values_list("pk", "entry_id", "content_hash", "removed_in_id")
        .iterator(chunk_size=BATCH_SIZE)
    )
    for pk, entry_id, content_hash, removed_in_id in stored:
        new_hash = hashes.get(entry_id)
        if new_hash is None:
            if removed_in_id is None:
                gone.append(pk)
        elif new_hash == content_hash and removed_in_id is None:
            hashes[entry_id] = _SAME
            version.unchanged += 1
        else:
            to_update[entry_id] = (pk, removed_in_id is not None)

    creates: list[ListEntryRecord] = []
    updates: list[ListEntryRecord] = []
    for entry_id, content_hash, line in parsed.documents():
        if content_hash == _SAME:
            continue
        values = _record_from(json.loads(line), content_hash)
        known = to_update.get(entry_id)
        if known is None:
            version.added += 1
            creates.append(
                ListEntryRecord(
                    list=restricted,
                    entry_id=entry_id,
                    first_version=version,
                    last_changed_version=version,
                    **values,
                )
            )
        else:
            pk, was_removed = known
            if was_removed:
                version.added += 1  # back on the list
            else:
                version.changed += 1
            updates.append(ListEntryRecord(pk=pk, last_changed_version=version, removed_in=None, **values))
        if len(creates) >= BATCH_SIZE:
            ListEntryRecord.objects.bulk_create(creates, batch_size=BATCH_SIZE)
            creates = []
        if len(updates) >= BATCH_SIZE:
            _bulk_update(updates)
            updates = []
    if creates:
        ListEntryRecord.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    if updates:
        _bulk_update(updates)
    version.removed = len(gone)
    for start in range(0, len(gone), BATCH_SIZE):
        ListEntryRecord.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).update(removed_in=version)


def _bulk_update(records: list[ListEntryRecord]) -> None:
    ListEntryRecord.objects.bulk_update(
        records, [*ENTRY_FIELDS, "last_changed_version", "removed_in"], batch_size=500
    )
