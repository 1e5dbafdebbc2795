"""Writes for screening: import lists, screen names, raise hits, decide them.

* :func:`list_import` (in :mod:`.importing`): a list file becomes a new :class:`ListVersion`.
* :func:`subjects_for_trip`: the names a trip declares (planned meetings, their organisations,
  event hosts) as :class:`ScreeningSubject` rows, one per name.
* :func:`subjects_screen`: screen subjects against every list that applies to them, raising
  or refreshing hits.
* :func:`rescreen_for_version`: after an import, screen every stored subject against the
  entries that version added or changed (run by a background task).
* :func:`hit_decide`: a security officer confirms or clears a hit.
* :func:`screen_names`: screen typed names without storing anything (the command line).

The rule for cleared hits: a (subject, entry) pair that was cleared is raised again only when
the entry's ``content_hash`` differs from the hash the hit was cleared with. Confirmed hits are
left as decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, NamedTuple

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.people.models import Person
from waypost.people.scoping import scope_for

from . import events
from .choices import HitStatus, SubjectKind, SubjectSource
from .engine import DEFAULT_THRESHOLD, EntityKind, Match, ScreeningIndex, ScreeningInputError
from .importing import list_import
from .matching import current_index, search_names, stream_entries
from .models import Hit, ListEntryRecord, ListVersion, ScreeningSubject
from .permissions import can_decide_hit, can_view_hits

__all__ = [
    "NameResult",
    "NoListsImported",
    "hit_decide",
    "list_import",
    "rescreen_for_version",
    "screen_names",
    "subjects_for_trip",
    "subjects_screen",
]

HIT_FIELDS = ("status", "score", "matched_name", "entry_hash", "note", "decided_by", "decided_at")
#: Matches kept per subject (the best first); real subjects have a handful at most.
HIT_LIMIT = 25
NAME_LENGTH = 300

_KINDS: dict[str, EntityKind] = {
    SubjectKind.PERSON: EntityKind.PERSON,
    SubjectKind.ORGANISATION: EntityKind.ORGANISATION,
}


class NoListsImported(ApplicationError):
    code = "no_lists"
    default_message = gettext_lazy(
        "No restricted-party list is imported yet: import one with “waypost lists import”."
    )
    status = 409


class NameResult(NamedTuple):
    """One screened name: its matches, or why it could not be screened (``error``)."""

    query: str
    matches: list[Match]
    error: str = ""


# --- Raising hits ----------------------------------------------------------------------------


def _subject_names(subject: ScreeningSubject) -> list[str]:
    return [text for text in (subject.name, subject.name_latin) if text and text.strip()]


def _search_subject(
    index: ScreeningIndex, subject: ScreeningSubject, lists: Iterable[str] | None
) -> list[Match]:
    try:
        return search_names(
            index,
            _subject_names(subject),
            kind=_KINDS.get(subject.kind, EntityKind.UNKNOWN),
            countries=subject.countries or (),
            lists=None if lists is None else frozenset(lists),
            limit=HIT_LIMIT,
        )
    except ScreeningInputError:
        return []  # a name the engine refuses (only punctuation …) matches nothing


def _raise_hits(
    subject: ScreeningSubject, matches: Sequence[Match], list_pks: dict[str, int], versions: dict[str, int]
) -> list[Hit]:
    """Create, refresh or re-open the hits of one subject; the caller holds the subject's lock.

    ``list_pks`` maps list ids to RestrictedList pks, ``versions`` list ids to the ListVersion the
    matches were computed against. Entries removed meanwhile are skipped. Returns the open hits
    raised, refreshed or re-opened.
    """
    wanted = Q(pk__in=[])
    for match in matches:
        if match.list_id in list_pks:
            wanted |= Q(list_id=list_pks[match.list_id], entry_id=match.entry_id)
    entries = {
        (list_pk, entry_id): (pk, content_hash)
        for pk, list_pk, entry_id, content_hash in ListEntryRecord.objects.filter(
            wanted, removed_in__isnull=True
        ).values_list("pk", "list_id", "entry_id", "content_hash")
    }
    existing = {
        hit.entry_id: hit
        for hit in Hit.objects.filter(subject=subject, entry_id__in=[e[0] for e in entries.values()])
    }
    out: list[Hit] = []
    for match in matches:
        found = entries.get((list_pks.get(match.list_id, 0), match.entry_id))
        if found is None:
            continue
        entry_pk, content_hash = found
        values = {
            "score": match.score,
            "matched_name": match.matched_name[:500],
            "explanation": match.explanation,
            "entry_hash": content_hash,
            "list_version_id": versions[match.list_id],
        }
        hit = existing.get(entry_pk)
        if hit is None:
            hit = Hit.objects.create(subject=subject, entry_id=entry_pk, **values)
            record(
                event=events.HIT_RAISED,
                actor=None,
                target=hit,
                after=snapshot(hit, HIT_FIELDS),
                extra={"list": match.list_id, "entry": match.entry_id},
            )
            _announce(subject, hit, match)
        elif hit.status == HitStatus.OPEN:
            for name, value in values.items():
                setattr(hit, name, value)
            hit.save(update_fields=[*values, "updated_at"])
        elif hit.status == HitStatus.WITHDRAWN or (
            hit.status == HitStatus.CLEARED and hit.entry_hash != content_hash
        ):
            before = snapshot(hit, HIT_FIELDS)
            for name, value in values.items():
                setattr(hit, name, value)
            hit.status = HitStatus.OPEN
            hit.note = ""
            hit.decided_by = None
            hit.decided_at = None
            hit.save(update_fields=[*values, "status", "note", "decided_by", "decided_at", "updated_at"])
            record(
                event=events.HIT_REOPENED,
                actor=None,
                target=hit,
                before=before,
                after=snapshot(hit, HIT_FIELDS),
                extra={"list": match.list_id, "entry": match.entry_id},
            )
            _announce(subject, hit, match)
        else:
            continue  # confirmed, or cleared against the same content
        out.append(hit)
    return out


def _announce(subject: ScreeningSubject, hit: Hit, match: Match) -> None:
    """Tell the security officers over the subject's unit (in the same transaction: the outbox)."""
    from django.urls import reverse

    from waypost.notifications.services import notify
    from waypost.notifications.webhooks import webhook_emit
    from waypost.trips.review import officers_over

    notify(
        officers_over(subject.org_path),
        "hit.raised",
        params={
            "name": subject.name,
            "matched": hit.matched_name,
            "list": match.list_id,
            "score": f"{hit.score:.2f}",
        },
        url=reverse("web:hit-detail", kwargs={"hit_id": hit.pk}),
    )
    webhook_emit(
        "hit.raised",
        org_path=subject.org_path,
        data={
            "hit": hit.pk,
            "subject": subject.pk,
            "list": match.list_id,
            "entry": match.entry_id,
            "score": round(hit.score, 4),
            "url": reverse("web:hit-detail", kwargs={"hit_id": hit.pk}),
        },
    )


def subjects_screen(subjects: Iterable[ScreeningSubject]) -> list[Hit]:
    """Screen subjects against every list that applies to them; return the open hits raised or refreshed.

    The lists are the public ones and the own lists of the organisations above the subject's
    ``org_path``. Each subject is screened in its own transaction, its row locked, so two
    workers screening the same subject do not raise the same hit twice. Cleared pairs whose
    entry did not change stay cleared; ``screened_at`` is set. Needs the full index
    (:func:`waypost.screening.matching.current_index`): call it from a worker.
    """
    snapshot_ = current_index()
    list_pks = {info.list_id: info.pk for info in snapshot_.lists.values()}
    versions = {info.list_id: info.version_id for info in snapshot_.lists.values()}
    out: list[Hit] = []
    no_match: list[ScreeningSubject] = []
    for subject in subjects:
        matches = _search_subject(snapshot_.index, subject, snapshot_.lists_for(subject.org_path))
        if not matches:
            no_match.append(subject)
            if len(no_match) >= 500:
                _mark_screened(no_match)
                no_match = []
            continue
        with transaction.atomic():
            locked = ScreeningSubject.objects.select_for_update().filter(pk=subject.pk).first()
            if locked is None:
                continue  # deleted meanwhile (its trip was)
            out.extend(_raise_hits(locked, matches, list_pks, versions))
            _mark_screened([subject])
    _mark_screened(no_match)
    return out


def _mark_screened(subjects: list[ScreeningSubject]) -> None:
    """Set ``screened_at`` on the rows and the instances (one query)."""
    if not subjects:
        return
    now = clock.now()
    ScreeningSubject.objects.filter(pk__in=[s.pk for s in subjects]).update(screened_at=now)
    for subject in subjects:
        subject.screened_at = now


def hits_withdraw(version: ListVersion) -> int:
    """Withdraw the open hits on entries ``version`` removed from its list; return how many.

    Nothing is left to decide about a party no longer listed; the hit stays on record, and it is
    opened again if the entry comes back. Confirmed and cleared hits keep their decision.
    """
    withdrawn = 0
    for hit in Hit.objects.filter(status=HitStatus.OPEN, entry__removed_in=version).select_related("subject"):
        with transaction.atomic():
            before = snapshot(hit, HIT_FIELDS)
            if not Hit.objects.filter(pk=hit.pk, status=HitStatus.OPEN).update(
                status=HitStatus.WITHDRAWN, decided_at=clock.now(), updated_at=clock.now()
            ):
                continue
            hit.refresh_from_db()
            record(
                event=events.HIT_WITHDRAWN,
                actor=None,
                target=hit,
                before=before,
                after=snapshot(hit, HIT_FIELDS),
                extra={"version": version.number},
            )
            withdrawn += 1
    return withdrawn


def rescreen_for_version(version_id: int) -> int:
    """Screen every stored subject against the entries ``version`` added or changed; return the hits raised.

    First, open hits on entries the version removed are withdrawn (:func:`hits_withdraw`). A small
    index of only the added and changed entries is built, so this is fast however long the list is.
    An organisation's own list is screened for subjects in the owner's subtree only.
    """
    version = ListVersion.objects.select_related("list__owner").filter(pk=version_id).first()
    if version is None:
        return 0
    hits_withdraw(version)
    restricted = version.list
    subjects = ScreeningSubject.objects.order_by("pk")
    if restricted.owner is not None:
        subjects = subjects.filter(org_path__startswith=restricted.owner.path)
    if not subjects.exists():
        return 0
    records = ListEntryRecord.objects.filter(
        list=restricted, last_changed_version=version, removed_in__isnull=True
    ).order_by()
    index = ScreeningIndex.build(stream_entries(records, {restricted.pk: restricted.list_id}))
    if not len(index):
        return 0
    list_pks = {restricted.list_id: restricted.pk}
    versions = {restricted.list_id: version.pk}
    raised = 0
    for subject in subjects.iterator(chunk_size=500):
        matches = _search_subject(index, subject, None)
        if not matches:
            continue
        with transaction.atomic():
            locked = ScreeningSubject.objects.select_for_update().filter(pk=subject.pk).first()
            if locked is not None:
                raised += len(_raise_hits(locked, matches, list_pks, versions))
    return raised


# --- Subjects of a trip ----------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value).split())[:NAME_LENGTH] if isinstance(value, str) else ""


def _country(value: Any) -> list[str]:
    code = value.strip().upper() if isinstance(value, str) else ""
    return [code] if len(code) == 2 and code.isalpha() else []


def _debrief_contacts(trip: Any) -> list[dict[str, Any]]:
    """The contacts of the trip's submitted debrief (none while it is a draft)."""
    try:
        debrief = trip.debrief
    except ObjectDoesNotExist:
        return []
    if debrief.status == "draft" or not isinstance(debrief.answers, dict):
        return []
    contacts = debrief.answers.get("contacts")
    return [row for row in contacts if isinstance(row, dict)] if isinstance(contacts, list) else []


@transaction.atomic
def subjects_for_trip(trip: Any) -> list[ScreeningSubject]:
    """Create or update the screened names of a trip's meetings, events and contacts; return them.

    From ``trip.facts``: each meeting's person (``name``, ``name_latin``; kind person) and its
    ``organisation``, and each event's ``host_organisation`` (kind organisation), with the
    meeting's or event's country; from a submitted debrief, each contact and their organisation.
    Idempotent: a name (compared without case or extra spaces) is one subject per trip, whatever
    meetings, events or contacts name it; a later call updates its Latin spelling and countries.
    Subjects whose name is no longer in the trip are kept, with their hits, as the record of what
    was screened. ``org_path`` is the traveller's unit, copied at creation. Call
    :func:`subjects_screen` on the result to screen them.

    ``trip`` is a ``trips.Trip`` (read: ``pk``, ``facts``, ``traveller.unit.path``).
    """
    facts = trip.facts if isinstance(trip.facts, dict) else {}
    wanted: dict[str, dict[str, Any]] = {}

    def want(name: str, latin: str, kind: str, source: str, countries: list[str]) -> None:
        if not name:
            return
        key = name.casefold()
        item = wanted.get(key)
        if item is None:
            wanted[key] = {
                "name": name,
                "name_latin": latin,
                "kind": kind,
                "source": source,
                "countries": countries,
            }
            return
        item["name_latin"] = item["name_latin"] or latin
        item["countries"] = list(dict.fromkeys([*item["countries"], *countries]))

    for meeting in facts.get("meetings") or ():
        if not isinstance(meeting, dict):
            continue
        name, latin, country = (
            _text(meeting.get("name")),
            _text(meeting.get("name_latin")),
            _country(meeting.get("country")),
        )
        want(
            name or latin,
            latin if name and latin != name else "",
            SubjectKind.PERSON,
            SubjectSource.MEETING,
            country,
        )
        want(_text(meeting.get("organisation")), "", SubjectKind.ORGANISATION, SubjectSource.MEETING, country)
    for contact in _debrief_contacts(trip):
        name, latin, country = (
            _text(contact.get("name")),
            _text(contact.get("name_latin")),
            _country(contact.get("country")),
        )
        kind = SubjectKind.ORGANISATION if contact.get("kind") == "organisation" else SubjectKind.PERSON
        want(name or latin, latin if name and latin != name else "", kind, SubjectSource.CONTACT, country)
        want(_text(contact.get("organisation")), "", SubjectKind.ORGANISATION, SubjectSource.CONTACT, country)
    for event in facts.get("events") or ():
        if isinstance(event, dict):
            want(
                _text(event.get("host_organisation")),
                "",
                SubjectKind.ORGANISATION,
                SubjectSource.EVENT_HOST,
                _country(event.get("country")),
            )

    existing = {
        " ".join(subject.name.split()).casefold(): subject
        for subject in ScreeningSubject.objects.select_for_update().filter(trip_id=trip.pk)
    }
    org_path = trip.traveller.unit.path
    out: list[ScreeningSubject] = []
    for key, item in wanted.items():
        subject = existing.get(key)
        if subject is None:
            subject, _created = ScreeningSubject.objects.get_or_create(
                trip_id=trip.pk,
                name=item["name"],
                defaults={
                    "source_type": item["source"],
                    "name_latin": item["name_latin"],
                    "kind": item["kind"],
                    "countries": item["countries"],
                    "org_path": org_path,
                },
            )
        elif (subject.name_latin, subject.countries) != (item["name_latin"], item["countries"]):
            subject.name_latin = item["name_latin"]
            subject.countries = item["countries"]
            subject.save(update_fields=["name_latin", "countries"])
        out.append(subject)
    return out


# --- Deciding hits ---------------------------------------------------------------------------


@transaction.atomic
def hit_decide(*, actor: Any, hit: Hit, status: Literal["confirmed", "cleared"] | str, note: str = "") -> Hit:
    """Confirm or clear ``hit`` as a security officer over the subject's unit; audited.

    ``hit`` is the row as the officer saw it: if someone decided it (or it was raised again)
    in the meantime, :class:`Conflict` is raised and nothing changes. Clearing needs a note
    saying why (a namesake, a different date of birth …).
    """
    if status not in (HitStatus.CONFIRMED, HitStatus.CLEARED):
        raise ValidationFailed(fields={"status": [_("Choose confirmed or cleared.")]})
    # FOR UPDATE on the hit only: decisions on one hit are serialised.
    locked = Hit.objects.select_for_update(of=("self",)).select_related("subject").filter(pk=hit.pk).first()
    if locked is None or not can_view_hits(actor, locked.subject.org_path):
        raise NotFound()
    if not can_decide_hit(actor, locked.subject.org_path):
        raise PermissionDenied(_("Only a security officer may confirm or clear a hit."))
    if locked.status == HitStatus.WITHDRAWN:
        raise ValidationFailed(
            _("This hit was withdrawn: the entry is no longer on the list."), code="withdrawn"
        )
    note = (note or "").strip()
    if status == HitStatus.CLEARED and not note:
        raise ValidationFailed(fields={"note": [_("Say why the hit is cleared.")]})
    seen = (hit.status, hit.decided_by_id, hit.decided_at, hit.entry_hash)
    if (locked.status, locked.decided_by_id, locked.decided_at, locked.entry_hash) != seen:
        raise Conflict(_("This hit was decided or raised again by someone else in the meantime. Reload it."))
    person_id = scope_for(actor).person_id
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    before = snapshot(locked, HIT_FIELDS)
    locked.status = status
    locked.note = note
    locked.decided_by = person
    locked.decided_at = clock.now()
    locked.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    record(
        event=events.HIT_CONFIRMED if status == HitStatus.CONFIRMED else events.HIT_CLEARED,
        actor=actor,
        target=locked,
        before=before,
        after=snapshot(locked, HIT_FIELDS),
    )
    return locked


# --- Screening typed names (command line) ----------------------------------------------------


def iter_screen_names(
    names: Iterable[str],
    *,
    threshold: float | None = None,
    limit: int = 10,
    lists: Iterable[str] | None = None,
) -> Iterator[NameResult]:
    """Screen each name against the imported lists (all of them, or ``lists``); nothing is stored.

    Raises :class:`NoListsImported` before the first name when no list is imported. A name the
    engine refuses (empty, over 1,000 characters …) gives a result with ``error`` set.
    """
    snapshot_ = current_index()
    if not snapshot_.lists:
        raise NoListsImported()
    chosen = None if lists is None else frozenset(lists)
    for name in names:
        try:
            matches = search_names(
                snapshot_.index,
                [name],
                lists=chosen,
                threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                limit=limit,
            )
        except ScreeningInputError as error:
            yield NameResult(name, [], str(error))
            continue
        yield NameResult(name, matches)


def screen_names(
    names: Iterable[str],
    *,
    threshold: float | None = None,
    limit: int = 10,
    lists: Iterable[str] | None = None,
) -> list[NameResult]:
    """:func:`iter_screen_names` as a list of ``(query, matches, error)``."""
    return list(iter_screen_names(names, threshold=threshold, limit=limit, lists=lists))
