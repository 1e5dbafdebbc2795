"""The screening index of every live list entry, built from the database and cached per process.

The pure engine (:mod:`waypost.screening.engine`) knows nothing of the database; this module
feeds it. :func:`current_index` returns the index of all entries not removed, of all lists,
with the lists' current versions. The index is kept for the life of the process and rebuilt
when the set of ``(list, newest version, checksum)`` changes, i.e. after an import that
created a version; building it streams the entries from the database in chunks (about 15 s
and 360 MB for the 32,000 entries and 80,000 names of the lists in ``../shared``). Only
worker processes and the command line should need it: the web process never screens.

Which lists apply to whom is decided per search (:meth:`IndexSnapshot.lists_for`): public
lists, and an organisation's own lists for subjects in its subtree.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from .engine import (
    DEFAULT_THRESHOLD,
    EntityKind,
    EntryName,
    ListEntry,
    Match,
    NameKind,
    ScreeningIndex,
    ScreeningInputError,
    Subject,
)
from .models import ListEntryRecord, ListVersion, RestrictedList

logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000
#: Above this many names the built index is moved out of the garbage collector's sight (gc.freeze),
#: so that full collections do not walk its millions of objects during searches.
FREEZE_ABOVE_NAMES = 10_000

IndexKey = frozenset[tuple[str, int, str]]


@dataclass(frozen=True)
class ListInfo:
    """A list as the index sees it: who it applies to, and its newest version."""

    pk: int
    list_id: str
    owner_path: str  # "" for a public list
    version_id: int
    version_number: int
    sha256: str

    def applies_to(self, org_path: str) -> bool:
        return not self.owner_path or org_path.startswith(self.owner_path)


@dataclass(frozen=True)
class IndexSnapshot:
    """The cached index together with the lists it holds, as read for this call."""

    index: ScreeningIndex
    lists: dict[str, ListInfo]

    def lists_for(self, org_path: str) -> frozenset[str]:
        """The lists screened for a subject at ``org_path``: public ones and its organisations' own."""
        return frozenset(info.list_id for info in self.lists.values() if info.applies_to(org_path))


@dataclass
class _Cached:
    key: IndexKey
    index: ScreeningIndex


_lock = threading.Lock()
_cached: _Cached | None = None


def current_lists() -> dict[str, ListInfo]:
    """Every list that has a version, with its newest version (one query)."""
    newest = ListVersion.objects.filter(list=OuterRef("pk")).order_by("-number")
    rows = (
        RestrictedList.objects.annotate(
            version_id=Subquery(newest.values("pk")[:1]),
            version_number=Subquery(newest.values("number")[:1]),
            version_sha256=Subquery(newest.values("sha256")[:1]),
        )
        .filter(version_id__isnull=False)
        .values_list("pk", "list_id", "owner__path", "version_id", "version_number", "version_sha256")
    )
    return {
        list_id: ListInfo(pk, list_id, owner_path or "", version_id, number, sha256)
        for pk, list_id, owner_path, version_id, number, sha256 in rows
    }


def entry_from_values(
    list_id: str, entry_id: str, kind: str, names: Any, countries: Any, dates: Any
) -> ListEntry:
    """A stored entry as the engine's :class:`ListEntry` (only what matching reads)."""
    try:
        entity = EntityKind(kind)
    except ValueError:
        entity = EntityKind.UNKNOWN
    entry_names: list[EntryName] = []
    for name in names or ():
        try:
            name_kind = NameKind(name.get("kind", "primary"))
        except ValueError:
            name_kind = NameKind.ALIAS
        entry_names.append(EntryName(str(name.get("text", "")), name_kind, bool(name.get("derived"))))
    return ListEntry(
        list_id,
        entry_id,
        entity,
        tuple(entry_names),
        countries=tuple(countries or ()),
        birth_dates=tuple(dates or ()),
    )


def stream_entries(records: Any, list_ids: dict[int, str]) -> Iterator[ListEntry]:
    """Engine entries from a queryset of :class:`ListEntryRecord`, read in chunks."""
    rows = records.values_list("list_id", "entry_id", "kind", "names", "countries", "birth_dates")
    for list_pk, entry_id, kind, names, countries, dates in rows.iterator(chunk_size=CHUNK_SIZE):
        yield entry_from_values(list_ids[list_pk], entry_id, kind, names, countries, dates)


def build_index(lists: dict[str, ListInfo]) -> ScreeningIndex:
    """An index of the live entries of ``lists``, streamed from the database."""
    started = time.perf_counter()
    by_pk = {info.pk: info.list_id for info in lists.values()}
    records = ListEntryRecord.objects.filter(list_id__in=list(by_pk), removed_in__isnull=True).order_by()
    index = ScreeningIndex.build(stream_entries(records, by_pk))
    names = index.name_count
    if names > FREEZE_ABOVE_NAMES:
        gc.collect()
        gc.freeze()
    logger.info(
        "screening index built: %d entries, %d names, %.1f s",
        len(index),
        names,
        time.perf_counter() - started,
    )
    return index


def current_index() -> IndexSnapshot:
    """The index of every live entry, rebuilt when a list got a new version since it was built."""
    global _cached
    lists = current_lists()
    key: IndexKey = frozenset((info.list_id, info.version_number, info.sha256) for info in lists.values())
    cached = _cached
    if cached is not None and cached.key == key:
        return IndexSnapshot(cached.index, lists)
    with _lock:
        cached = _cached
        if cached is None or cached.key != key:
            _cached = None  # let the old index go before the new one is built
            cached = _Cached(key, build_index(lists))
            _cached = cached
    return IndexSnapshot(cached.index, lists)


def clear_index_cache() -> None:
    """Forget the cached index (tests; a process that wants its memory back)."""
    global _cached
    with _lock:
        _cached = None


def search_names(
    index: ScreeningIndex,
    names: Sequence[str],
    *,
    kind: EntityKind = EntityKind.UNKNOWN,
    countries: Iterable[str] = (),
    lists: Collection[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
) -> list[Match]:
    """The best match per entry over several spellings of one name, restricted to ``lists``.

    Raises :class:`~waypost.screening.engine.ScreeningInputError` when no spelling can be
    screened (the first spelling's reason); a spelling that cannot be screened beside one
    that can is skipped.
    """
    spellings = list(dict.fromkeys(text.strip() for text in names if text and text.strip()))
    if not spellings:
        raise ScreeningInputError("name is empty")
    codes = tuple(c.upper() for c in countries if isinstance(c, str) and len(c) == 2 and c.isalpha())
    # Matches of lists the subject may not be screened against are dropped after the search,
    # so ask for more than ``limit`` when some lists are left out.
    wanted = limit if lists is None else limit + 40
    best: dict[tuple[str, str], Match] = {}
    refused: ScreeningInputError | None = None
    screened = 0
    for text in spellings:
        try:
            found = index.search(Subject(text, kind=kind, countries=codes), threshold=threshold, limit=wanted)
        except ScreeningInputError as error:
            refused = refused or error
            continue
        screened += 1
        for match in found:
            if lists is not None and match.list_id not in lists:
                continue
            key = (match.list_id, match.entry_id)
            if key not in best or match.score > best[key].score:
                best[key] = match
    if not screened and refused is not None:
        raise refused
    return sorted(best.values(), key=lambda m: (-m.score, m.list_id, m.entry_id))[:limit]
