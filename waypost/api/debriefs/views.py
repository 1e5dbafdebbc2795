"""Debriefs after return and the contacts register, over the API.

Each view parses, calls a selector or service of :mod:`waypost.debriefs`, and serializes.

* A debrief is seen by the traveller and by the security officers, auditors and administrators
  over their unit, never by their manager: to anyone else the trip's debrief answers 404. Only
  the traveller saves and submits it (others who see it get 403); only a security officer over
  the traveller's unit reviews it.
* The contacts register is for security officers, auditors and administrators (403 to anyone
  else, as the screening hits are); a contact they do not oversee answers 404. Only security
  officers and administrators merge contacts or dismiss a suggestion (403 to auditors).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound, PermissionDenied, ValidationFailed
from waypost.debriefs import register, selectors, services
from waypost.debriefs.choices import DebriefOutcome, DebriefStatus
from waypost.debriefs.models import Contact, Debrief
from waypost.people.choices import AccessRole
from waypost.people.permissions import OVERSEERS
from waypost.people.scoping import scope_for
from waypost.trips.models import Trip
from waypost.trips.selectors import trip_get_for

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    ContactDetailOutput,
    ContactListOutput,
    ContactQuery,
    DebriefOutput,
    DebriefQueueOutput,
    DebriefReviewInput,
    DebriefSaveInput,
    DebriefSubmitInput,
    MergeInput,
    SuggestionOutput,
)

ANSWERS_EXAMPLE = {
    "places": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}],
    "changes": "",
    "activities": "Gave a talk at the conference.",
    "no_contacts": False,
    "contacts": [
        {
            "name": "王伟",
            "name_latin": "Wang Wei",
            "kind": "person",
            "organisation": "Tsinghua University",
            "country": "CN",
            "role": "Professor",
            "met_on": "2026-03-02",
            "where": "Conference dinner",
            "how": "event",
            "topics": "Robot learning benchmarks",
            "follow_up": "None planned",
            "asked_about_work": True,
            "asked_to_stay_in_touch": False,
            "planned": True,
        }
    ],
    "information_shared": "Only the published slides.",
    "gifts": "",
    "devices_out_of_control": "no",
    "devices_detail": "",
    "suspicious": "no",
    "suspicious_detail": "",
}
PROBLEMS_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "The debrief has problems.",
        "fields": {
            "contacts[0].met_on": ["This is outside the trip (2026-03-01 – 2026-03-06)."],
            "activities": ["Say what you did on the trip."],
        },
    }
}
MERGE_INVALID_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {"other": ["A contact cannot be merged into itself."]},
    }
}


# --- Debriefs --------------------------------------------------------------------------------------


def _trip(request: Request, trip_id: int) -> Trip:
    """A trip whose debrief the actor may see (the traveller, the overseers; not the manager)."""
    trip = trip_get_for(actor=request.user, trip_id=trip_id)
    if not selectors.may_see_debrief(actor=request.user, trip=trip):
        raise NotFound()
    return trip


def _require_traveller(request: Request, trip: Trip) -> None:
    if not services.is_traveller(request.user, trip):
        raise PermissionDenied(_("Only the traveller writes the debrief."))


def _debrief_out(
    request: Request, debrief: Debrief, problems: dict[str, list[str]] | None = None
) -> Response:
    trip = debrief.trip
    draft = debrief.status == DebriefStatus.DRAFT
    open_for_review = debrief.status == DebriefStatus.SUBMITTED or (
        debrief.status == DebriefStatus.REVIEWED and debrief.outcome == DebriefOutcome.FOLLOW_UP
    )
    context = {
        "problems": (services.trip_problems(debrief) if problems is None else problems) if draft else {},
        "may_edit": draft
        and services.is_traveller(request.user, trip)
        and trip.status in services.OPEN_FOR_DEBRIEF,
        "may_review": open_for_review and services.may_review(request.user, trip),
    }
    return Response(DebriefOutput(debrief, context=context).data)


class DebriefApi(APIView):
    @extend_schema(
        operation_id="trips_debrief_retrieve",
        summary="A trip's debrief with the problems a submission would meet",
        description=(
            "For the traveller, the first GET on a returned trip starts the debrief, prefilled from "
            "the declaration (planned stays and meetings); on a trip not yet returned it answers 400 "
            "`not_returned`. Others who may see it (the security officers, auditors and "
            "administrators over the traveller's unit) get 404 until the traveller has started it; "
            "their reads are recorded in the audit log. The manager never sees it (404). "
            "`problems` is filled for drafts only."
        ),
        responses={200: DebriefOutput, **error_responses(400, 401, 404)},
    )
    def get(self, request: Request, trip_id: int) -> Response:
        trip = _trip(request, trip_id)
        debrief = selectors.debrief_of(actor=request.user, trip=trip, audit=True)
        if debrief is None:
            if not services.is_traveller(request.user, trip):
                raise NotFound(_("No debrief has been started for this trip yet."))
            debrief = services.debrief_start(actor=request.user, trip=trip)
        return _debrief_out(request, debrief)

    @extend_schema(
        operation_id="trips_debrief_save",
        summary="Save the debrief's answers as typed (a draft may be incomplete)",
        description=(
            "Only the traveller, only once the trip has returned and until it is submitted. The "
            "answers are kept exactly as sent, valid or not; the response lists the problems a "
            "submission would meet, by field path. `answers` must be a JSON object. Send the "
            "`revision` you edited: if the debrief changed in the meantime the answer is 409 and "
            "nothing is saved."
        ),
        request=DebriefSaveInput,
        responses={200: DebriefOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("Answers", value={"answers": ANSWERS_EXAMPLE, "revision": 3}, request_only=True),
            OpenApiExample(
                "Not an object",
                value={
                    "error": {
                        "code": "invalid",
                        "message": "Some fields are not valid.",
                        "fields": {"answers": ["The debrief must be an object of answers."]},
                    }
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def put(self, request: Request, trip_id: int) -> Response:
        trip = _trip(request, trip_id)
        _require_traveller(request, trip)
        data = DebriefSaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.debrief_draft_save(
            actor=request.user,
            trip=trip,
            answers=data.validated_data["answers"],
            revision=data.validated_data["revision"],
        )
        return _debrief_out(request, saved.debrief, saved.problems)


class DebriefSubmitApi(APIView):
    @extend_schema(
        operation_id="trips_debrief_submit",
        summary="Submit the debrief; the security officers are told and the contacts registered",
        description=(
            "Only the traveller. Every problem of the answers answers 400 with the field paths "
            "(`contacts[1].met_on`); nothing is lost. Submitting twice is harmless."
        ),
        request=DebriefSubmitInput,
        responses={200: DebriefOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("Submit", value={"revision": 4}, request_only=True),
            OpenApiExample("Problems", value=PROBLEMS_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = _trip(request, trip_id)
        _require_traveller(request, trip)
        data = DebriefSubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        debrief = services.debrief_start(actor=request.user, trip=trip)
        debrief = services.debrief_transition(
            actor=request.user, debrief=debrief, action="submit", revision=data.validated_data["revision"]
        )
        return _debrief_out(request, debrief)


class DebriefReviewApi(APIView):
    @extend_schema(
        operation_id="trips_debrief_review",
        summary="Review a submitted debrief: closed (the trip closes) or follow-up needed (with a note)",
        description=(
            "Only a security officer over the traveller's unit, never the traveller. A debrief "
            "reviewed with follow_up may be reviewed again; one reviewed as closed may not (400)."
        ),
        request=DebriefReviewInput,
        responses={200: DebriefOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Follow-up",
                value={"outcome": "follow_up", "note": "Meet her about Wang Wei."},
                request_only=True,
            ),
            OpenApiExample(
                "Invalid",
                value={
                    "error": {
                        "code": "invalid",
                        "message": "The review has problems.",
                        "fields": {"outcome": ["Choose the outcome."]},
                    }
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = _trip(request, trip_id)
        debrief = selectors.debrief_of(actor=request.user, trip=trip)
        if debrief is None:
            raise NotFound(_("No debrief has been started for this trip yet."))
        data = DebriefReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        debrief = services.debrief_transition(
            actor=request.user, debrief=debrief, action="review", **data.validated_data
        )
        return _debrief_out(request, debrief)


class DebriefListApi(APIView):
    @extend_schema(
        operation_id="debriefs_queue",
        summary="The debriefs you look after: to review, follow-up, overdue and due",
        description=(
            "Officers, auditors and administrators see the debriefs of the people they oversee; a "
            "traveller sees their own. Managers do not see their reports' debriefs."
        ),
        responses={200: DebriefQueueOutput, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(DebriefQueueOutput(selectors.debrief_queue_for(actor=request.user)).data)


# --- The contacts register -------------------------------------------------------------------------


def _require_overseer(request: Request) -> None:
    if not scope_for(request.user).subtree_paths(*OVERSEERS):
        raise PermissionDenied(
            _("The contacts register is for security officers, auditors and administrators.")
        )


def _require_merger(request: Request) -> None:
    if not scope_for(request.user).subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.ADMINISTRATOR):
        raise PermissionDenied(_("Only security officers and administrators merge contacts."))


def _contact(request: Request, contact_id: int, *, audit: bool = False) -> Contact:
    _require_overseer(request)
    return selectors.contact_get_for(actor=request.user, contact_id=contact_id, audit=audit)


def _contact_out(request: Request, contact: Contact) -> Response:
    live = contact.merged_into_id is None
    context = {
        "encounters": selectors.encounters_of(actor=request.user, contact=contact),
        "suggestions": selectors.suggestions_for(actor=request.user, contact=contact) if live else [],
    }
    return Response(ContactDetailOutput(contact, context=context).data)


class ContactListApi(APIView):
    @extend_schema(
        operation_id="contacts_list",
        summary="The contacts register: contacts met by the people you oversee",
        description="`q` searches the name as written, the Latin name and the organisation.",
        parameters=[ContactQuery],
        responses={200: ContactListOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        _require_overseer(request)
        query = ContactQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        contacts = selectors.contact_list_for(actor=request.user, query=query.validated_data["q"])
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(contacts, request, view=self)
        return paginator.get_paginated_response(ContactListOutput(page, many=True).data)


class ContactDetailApi(APIView):
    @extend_schema(
        operation_id="contacts_retrieve",
        summary="One contact, every meeting with them you may see, and open merge suggestions",
        description=(
            "A merged contact is still found: `merged_into` says where its meetings went. "
            "Every read is recorded in the audit log."
        ),
        responses={200: ContactDetailOutput, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, contact_id: int) -> Response:
        return _contact_out(request, _contact(request, contact_id, audit=True))


class ContactMergeApi(APIView):
    @extend_schema(
        operation_id="contacts_merge",
        summary="Merge another contact into this one (security officers and administrators)",
        description=(
            "The contact in the address is kept; the `other` one's meetings move to it and it "
            "points to it. Merging a contact into itself, an unknown contact, one already merged, "
            "or one of another organisation's register answers 400 naming `other`."
        ),
        request=MergeInput,
        responses={200: ContactDetailOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Merge", value={"other": 42}, request_only=True),
            OpenApiExample(
                "Into itself", value=MERGE_INVALID_EXAMPLE, response_only=True, status_codes=["400"]
            ),
        ],
    )
    def post(self, request: Request, contact_id: int) -> Response:
        keep = _contact(request, contact_id)
        _require_merger(request)
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            other = selectors.contact_get_for(actor=request.user, contact_id=data.validated_data["other"])
        except NotFound:
            raise ValidationFailed(
                fields={"other": [_("There is no contact with this number in the register.")]}
            ) from None
        kept = register.contact_merge(actor=request.user, keep=keep, other=other)
        return _contact_out(request, selectors.contact_get_for(actor=request.user, contact_id=kept.pk))


class SuggestionListApi(APIView):
    @extend_schema(
        operation_id="contacts_suggestions",
        summary="Open merge suggestions: pairs of contacts the name matcher thinks are the same",
        responses={200: SuggestionOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        _require_overseer(request)
        return Response(SuggestionOutput(selectors.suggestions_for(actor=request.user), many=True).data)


class SuggestionDismissApi(APIView):
    @extend_schema(
        operation_id="contacts_suggestion_dismiss",
        summary="Say a suggested pair are different people: it is not suggested again",
        description="Security officers and administrators. A decided suggestion answers 400 `decided`.",
        request=None,
        responses={200: SuggestionOutput, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        _require_overseer(request)
        suggestion = selectors.suggestion_get_for(actor=request.user, suggestion_id=suggestion_id)
        _require_merger(request)
        return Response(
            SuggestionOutput(register.suggestion_dismiss(actor=request.user, suggestion=suggestion)).data
        )
