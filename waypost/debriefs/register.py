"""The contacts register: one entry per real contact, with every meeting with them.

:func:`register_trip_contacts` (idempotent) gives each planned meeting of a submitted declaration
and each contact of a submitted debrief an :class:`~waypost.debriefs.models.Encounter` with the
register's :class:`~waypost.debriefs.models.Contact` of the same name and organisation (compared
without case, spaces or punctuation) in the traveller's organisation, creating the contact when
there is none. The same person written another way (in another script, in another order) is a
second contact at first: :func:`merge_suggestions_for` asks the screening engine's name matcher
which contacts are probably the same, and an officer merges them (:func:`contact_merge`) or says
they are not the same (:func:`suggestion_dismiss`). A merged contact keeps its row, pointing at
the one it was merged into; its encounters move there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from waypost.audit.services import record
from waypost.core import clock
from waypost.core.errors import NotFound, ValidationFailed
from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode, Person
from waypost.people.scoping import scope_for
from waypost.screening.engine import (
    DEFAULT_THRESHOLD,
    EntityKind,
    EntryName,
    ListEntry,
    NameKind,
    ScreeningIndex,
    ScreeningInputError,
    Subject,
)
from waypost.trips.models import Trip

from . import answers as answer_rules
from . import events
from .choices import ContactKind, DebriefStatus, EncounterSource, SuggestionStatus
from .models import Contact, Encounter, MergeSuggestion

DETAIL_KEYS = (*answer_rules.CONTACT_TEXT_FIELDS, *answer_rules.CONTACT_FLAGS, "kind", "planned", "purpose")


def contact_key(details: dict[str, Any]) -> str:
    name = answer_rules.name_key(details.get("name") or details.get("name_latin") or "")
    return f"{name}|{answer_rules.name_key(details.get('organisation') or '')}"


def owner_of(trip: Trip) -> OrgNode:
    """The traveller's organisation: the top of their unit's path."""
    top = next(slug for slug in trip.traveller.unit.path.split("/") if slug)
    return OrgNode.objects.get(path=f"/{top}/")


def _planned(trip: Trip) -> list[dict[str, Any]]:
    out = []
    for meeting in (trip.facts or {}).get("meetings") or ():
        if not isinstance(meeting, dict):
            continue
        details = {
            key: answer_rules.text(meeting.get(key))
            for key in ("name", "name_latin", "organisation", "country", "purpose")
        }
        details["name"] = details["name"] or details["name_latin"]
        details["country"] = details["country"].upper()
        if details["name"]:
            out.append(details)
    return out


def _reported(trip: Trip) -> list[dict[str, Any]]:
    try:
        debrief = trip.debrief
    except ObjectDoesNotExist:
        return []
    if debrief.status not in (DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED):
        return []
    return answer_rules.cleaned_contacts(debrief.answers)


def _live(contact: Contact) -> Contact:
    seen = set()
    while contact.merged_into_id is not None and contact.pk not in seen:
        seen.add(contact.pk)
        contact = Contact.objects.get(pk=contact.merged_into_id)
    return contact


@transaction.atomic
def register_trip_contacts(trip: Trip) -> list[Contact]:
    """Bring the trip's encounters in line with its declaration and debrief; return new contacts."""
    trip = Trip.objects.select_related("traveller__unit").get(pk=trip.pk)
    owner = owner_of(trip)
    wanted = [(EncounterSource.PLANNED, i, d) for i, d in enumerate(_planned(trip))]
    wanted += [(EncounterSource.DEBRIEF, i, d) for i, d in enumerate(_reported(trip))]
    existing = {(e.source, e.position): e for e in Encounter.objects.select_for_update().filter(trip=trip)}
    created: list[Contact] = []
    for source, position, details in wanted:
        key = contact_key(details)
        encounter = existing.pop((source, position), None)
        if encounter is not None and contact_key(encounter.details) == key:
            if encounter.details != details:
                encounter.details = details
                encounter.save(update_fields=["details"])
            continue
        contact = Contact.objects.filter(owner=owner, key=key).order_by("pk").first()
        if contact is None:
            contact = Contact.objects.create(
                owner=owner,
                key=key,
                kind=details.get("kind") or ContactKind.PERSON,
                name=details["name"][:300],
                name_latin=(details.get("name_latin") or "")[:300],
                organisation=(details.get("organisation") or "")[:300],
                country=details.get("country") or "",
            )
            record(event=events.CONTACT_REGISTERED, actor=None, target=contact, after={"trip": trip.pk})
            created.append(contact)
        else:
            contact = _live(contact)
            _complete(contact, details)
        if encounter is None:
            Encounter.objects.create(
                contact=contact,
                trip=trip,
                traveller=trip.traveller,
                source=source,
                position=position,
                details=details,
                org_path=trip.traveller.unit.path,
            )
        else:
            encounter.contact, encounter.details = contact, details
            encounter.save(update_fields=["contact", "details"])
    for stale in existing.values():
        stale.delete()
    return created


def _complete(contact: Contact, details: dict[str, Any]) -> None:
    """Fill what the register does not know yet (a Latin spelling, a country) from a new encounter."""
    changed = []
    for field, value in (("name_latin", details.get("name_latin")), ("country", details.get("country"))):
        if value and not getattr(contact, field):
            setattr(contact, field, value[:300])
            changed.append(field)
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])


# --- Merge suggestions -----------------------------------------------------------------------------


def _entry(contact: Contact) -> ListEntry:
    names = [EntryName(contact.name, NameKind.PRIMARY)]
    if contact.name_latin and contact.name_latin != contact.name:
        names.append(EntryName(contact.name_latin, NameKind.ALIAS))
    kind = EntityKind.ORGANISATION if contact.kind == ContactKind.ORGANISATION else EntityKind.PERSON
    return ListEntry(
        "contacts", str(contact.pk), kind, tuple(names), (contact.country,) if contact.country else ()
    )


def merge_suggestions_for(contacts: Iterable[Contact]) -> list[MergeSuggestion]:
    """Compare each of ``contacts`` with the other live contacts of its organisation; store likely pairs.

    A pair already suggested (open, merged or dismissed) is not suggested again.
    """
    out: list[MergeSuggestion] = []
    by_owner: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_owner.setdefault(contact.owner_id, []).append(contact)
    for owner_id, wanted in by_owner.items():
        index = ScreeningIndex()
        pool = list(Contact.objects.live().filter(owner_id=owner_id))
        index.add([_entry(contact) for contact in pool])
        for contact in wanted:
            best: dict[str, tuple[float, dict[str, object]]] = {}
            for name in dict.fromkeys(filter(None, (contact.name, contact.name_latin))):
                subject = Subject(name, _entry(contact).kind, (contact.country,) if contact.country else ())
                try:
                    matches = index.search(subject, threshold=DEFAULT_THRESHOLD, limit=20)
                except ScreeningInputError:
                    continue
                for match in matches:
                    if (
                        match.entry_id != str(contact.pk)
                        and match.score > best.get(match.entry_id, (0.0, {}))[0]
                    ):
                        best[match.entry_id] = (match.score, dict(match.explanation))
            for entry_id, (score, explanation) in best.items():
                first, second = sorted((contact.pk, int(entry_id)))
                suggestion, made = MergeSuggestion.objects.get_or_create(
                    contact_id=first, other_id=second, defaults={"score": score, "explanation": explanation}
                )
                if made:
                    out.append(suggestion)
    return out


# --- Officers' decisions -------------------------------------------------------------------------


def contacts_managed_by(actor: Any) -> Any:
    """Contacts a security officer or administrator may merge: those met in the subtrees they cover."""
    paths = scope_for(actor).subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.ADMINISTRATOR)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(encounters__org_path__startswith=path)
        condition |= Q(merged_into__encounters__org_path__startswith=path)  # merged: no encounters left
    return Contact.objects.filter(condition).distinct() if paths else Contact.objects.none()


def _person(actor: Any) -> Person | None:
    person_id = scope_for(actor).person_id
    return None if person_id is None else Person.objects.filter(pk=person_id).first()


@transaction.atomic
def contact_merge(*, actor: Any, keep: Contact, other: Contact) -> Contact:
    """Merge ``other`` into ``keep``: its encounters move, it points at ``keep``; audited."""
    managed = contacts_managed_by(actor)
    if not managed.filter(pk=keep.pk).exists() or not managed.filter(pk=other.pk).exists():
        raise NotFound()
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    other = Contact.objects.select_for_update().get(pk=other.pk)
    if keep.pk == other.pk:
        raise ValidationFailed(fields={"other": [_("A contact cannot be merged into itself.")]})
    if keep.owner_id != other.owner_id:
        raise ValidationFailed(fields={"other": [_("These contacts belong to different organisations.")]})
    if keep.merged_into_id or other.merged_into_id:
        raise ValidationFailed(fields={"other": [_("This contact was already merged.")]}, code="merged")
    moved = Encounter.objects.filter(contact=other).update(contact=keep)
    # Contacts merged into ``other`` earlier now point at ``keep``: a merge is never more than one hop.
    Contact.objects.filter(merged_into=other).update(merged_into=keep)
    other.merged_into = keep
    other.save(update_fields=["merged_into", "updated_at"])
    _complete(keep, {"name_latin": other.name_latin, "country": other.country})
    if other.name_latin == "" and other.name != keep.name and not keep.name_latin:
        keep.name_latin = other.name[:300]
        keep.save(update_fields=["name_latin", "updated_at"])
    now, person = clock.now(), _person(actor)
    pair = Q(contact_id=min(keep.pk, other.pk), other_id=max(keep.pk, other.pk))
    MergeSuggestion.objects.filter(pair).update(
        status=SuggestionStatus.MERGED, decided_by=person, decided_at=now
    )
    # Suggestions about the merged contact are now about the one kept: asked again below.
    MergeSuggestion.objects.filter(Q(contact=other) | Q(other=other), status=SuggestionStatus.OPEN).delete()
    record(
        event=events.CONTACT_MERGED,
        actor=actor,
        target=keep,
        before={"merged": other.pk, "name": other.name, "name_latin": other.name_latin},
        after={"kept": keep.pk, "encounters_moved": moved},
    )
    transaction.on_commit(lambda: merge_suggestions_for([Contact.objects.get(pk=keep.pk)]))
    return keep


@transaction.atomic
def suggestion_dismiss(*, actor: Any, suggestion: MergeSuggestion) -> MergeSuggestion:
    """An officer says the two contacts are different people; the pair is not suggested again."""
    managed = contacts_managed_by(actor)
    if (
        not managed.filter(pk=suggestion.contact_id).exists()
        or not managed.filter(pk=suggestion.other_id).exists()
    ):
        raise NotFound()
    suggestion = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.OPEN:
        raise ValidationFailed(_("This suggestion was already decided."), code="decided")
    suggestion.status, suggestion.decided_by, suggestion.decided_at = (
        SuggestionStatus.DISMISSED,
        _person(actor),
        clock.now(),
    )
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        event=events.CONTACT_NOT_SAME,
        actor=actor,
        target=suggestion.contact,
        after={"contact": suggestion.contact_id, "other": suggestion.other_id},
    )
    return suggestion
