"""Trips: drafts, the workflow, amendments and their versions, briefings, reviews and delegates.

Each view parses, calls a selector or service, and serializes. Trips are found through the
selectors, so a missing trip and another's trip both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound, ValidationFailed
from waypost.policy.samples import SAMPLE_TRIP
from waypost.trips import fastentry, selectors, services
from waypost.trips.briefings import briefing_text, required_briefings
from waypost.trips.models import BriefingAcknowledgement, Trip, TripVersion
from waypost.trips.versions import facts_diff

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    AcknowledgeInput,
    AmendInput,
    AmendOutput,
    BriefingStateOutput,
    DelegateInput,
    DelegateOutput,
    DraftInput,
    DraftOutput,
    ItineraryParseOutput,
    QueueItemOutput,
    StatusFilter,
    TransitionInput,
    TripOutput,
    TripSummaryOutput,
    VersionDetailOutput,
    VersionOutput,
)

_SAMPLE_FACTS = {key: value for key, value in SAMPLE_TRIP.items() if key != "traveller"}


def _trip(request: Request, trip_id: int) -> Trip:
    return selectors.trip_get_for(actor=request.user, trip_id=trip_id, audit=True)


class TripListApi(APIView):
    @extend_schema(
        operation_id="trips_list",
        summary="Trips you may see: your own, your reports', and those you oversee",
        parameters=[StatusFilter],
        responses={200: TripSummaryOutput(many=True), **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        query = StatusFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        trips = (
            selectors.own_trips(actor=request.user)
            if query.validated_data.get("mine")
            else selectors.trip_list_for(actor=request.user)
        )
        if query.validated_data.get("status"):
            trips = trips.filter(status=query.validated_data["status"])
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(trips, request, view=self)
        return paginator.get_paginated_response(TripSummaryOutput(page, many=True).data)

    @extend_schema(
        operation_id="trips_create",
        summary="Start a trip draft from the trip JSON (saved even when incomplete)",
        request=DraftInput,
        responses={201: DraftOutput, **error_responses(400, 401, 403)},
        examples=[OpenApiExample("PEK → YVR → MEX", value={"title": "Mexico", "facts": _SAMPLE_FACTS})],
    )
    def post(self, request: Request) -> Response:
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.trip_draft_save(
            actor=request.user, facts=data.validated_data["facts"], title=data.validated_data["title"]
        )
        return Response(
            DraftOutput({"trip": saved.trip, "problems": saved.problems}).data, status=status.HTTP_201_CREATED
        )


class TripDetailApi(APIView):
    @extend_schema(
        operation_id="trips_retrieve",
        summary="A trip with its facts, current assessment and review steps",
        responses={200: TripOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, trip_id: int) -> Response:
        return Response(TripOutput(_trip(request, trip_id)).data)

    @extend_schema(
        operation_id="trips_draft_save",
        summary="Save a draft as typed (valid or not); the problems come back by field",
        request=DraftInput,
        responses={200: DraftOutput, **error_responses(400, 401, 404, 409)},
    )
    def put(self, request: Request, trip_id: int) -> Response:
        trip = selectors.trip_get_for(actor=request.user, trip_id=trip_id)
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.trip_draft_save(
            actor=request.user,
            trip=trip,
            facts=data.validated_data["facts"],
            title=data.validated_data["title"],
            revision=data.validated_data.get("revision"),
        )
        return Response(DraftOutput({"trip": saved.trip, "problems": saved.problems}).data)


class TripTransitionApi(APIView):
    @extend_schema(
        operation_id="trips_transition",
        summary="Submit, decide (approve, acknowledge, advise against), proceed against advice, or cancel",
        description=(
            "Pass the `revision` you saw: if the trip changed since (another reviewer decided, the "
            "traveller amended it), the answer is 409 and nothing is written. Submitting twice is "
            "harmless. Advising against and proceeding need a `note`."
        ),
        request=TransitionInput,
        responses={200: TripOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("Approve", value={"action": "approve", "note": "Fine.", "revision": 3})],
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = selectors.trip_get_for(actor=request.user, trip_id=trip_id)
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        trip = services.trip_transition(
            actor=request.user,
            trip=trip,
            action=data.validated_data["action"],
            note=data.validated_data["note"],
            revision=data.validated_data.get("revision"),
        )
        return Response(TripOutput(trip).data)


class TripAmendApi(APIView):
    @extend_schema(
        operation_id="trips_amend",
        summary="Amend a submitted trip: a new version, a new assessment, a new review if stricter",
        request=AmendInput,
        responses={200: AmendOutput, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = selectors.trip_get_for(actor=request.user, trip_id=trip_id)
        data = AmendInput(data=request.data)
        data.is_valid(raise_exception=True)
        amended = services.trip_amend(
            actor=request.user,
            trip=trip,
            facts=data.validated_data["facts"],
            title=data.validated_data.get("title"),
            note=data.validated_data["note"],
            revision=data.validated_data.get("revision"),
        )
        return Response(
            AmendOutput(
                {
                    "trip": amended.trip,
                    "version": amended.version.number,
                    "stricter": amended.stricter,
                    "new_review": amended.new_review,
                }
            ).data
        )


class TripVersionListApi(APIView):
    @extend_schema(
        operation_id="trips_versions_list",
        summary="Every submitted version of the declaration",
        responses={200: VersionOutput(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, trip_id: int) -> Response:
        trip = _trip(request, trip_id)
        return Response(VersionOutput(selectors.versions_of(trip), many=True).data)


class TripVersionDetailApi(APIView):
    @extend_schema(
        operation_id="trips_versions_retrieve",
        summary="One version and what changed since the previous one",
        responses={200: VersionDetailOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, trip_id: int, number: int) -> Response:
        trip = _trip(request, trip_id)
        version = TripVersion.objects.filter(trip=trip, number=number).first()
        if version is None:
            raise NotFound()
        previous = TripVersion.objects.filter(trip=trip, number__lt=number).order_by("-number").first()
        changes = facts_diff(previous.facts, version.facts) if previous else []
        return Response(VersionDetailOutput(version, context={"changes": changes}).data)


def _briefing_states(trip: Trip) -> list[dict[str, Any]]:
    language = (get_language() or "en").lower()
    acks = {
        (ack.briefing_id, ack.briefing_version): ack
        for ack in BriefingAcknowledgement.objects.filter(trip=trip)
    }
    states = []
    for briefing in required_briefings(trip):
        title, body, used = briefing_text(briefing, language)
        ack = acks.get((briefing.pk, briefing.version))
        states.append(
            {
                "id": briefing.pk,
                "slug": briefing.slug,
                "title": title,
                "version": briefing.version,
                "language": used,
                "body": body,
                "acknowledged_at": ack.acknowledged_at if ack else None,
            }
        )
    return states


class TripBriefingListApi(APIView):
    @extend_schema(
        operation_id="trips_briefings_list",
        summary="The briefings the trip asks for, in your language, and whether each is acknowledged",
        responses={200: BriefingStateOutput(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, trip_id: int) -> Response:
        return Response(BriefingStateOutput(_briefing_states(_trip(request, trip_id)), many=True).data)


class TripBriefingAcknowledgeApi(APIView):
    @extend_schema(
        operation_id="trips_briefings_acknowledge",
        summary="Acknowledge a briefing (the traveller only); records the time and version",
        request=AcknowledgeInput,
        responses={200: BriefingStateOutput(many=True), **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, trip_id: int, briefing_id: int) -> Response:
        trip = selectors.trip_get_for(actor=request.user, trip_id=trip_id)
        briefing = next((b for b in required_briefings(trip) if b.pk == briefing_id), None)
        if briefing is None:
            raise NotFound()
        data = AcknowledgeInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.trip_briefing_acknowledge(
            actor=request.user, trip=trip, briefing=briefing, language=data.validated_data["language"]
        )
        return Response(BriefingStateOutput(_briefing_states(trip), many=True).data)


class ReviewQueueApi(APIView):
    @extend_schema(
        operation_id="reviews_list",
        summary="Trips waiting for a decision you may take now, oldest first",
        responses={200: QueueItemOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        items = []
        for trip, step in selectors.review_queue_for(actor=request.user):
            assessment = selectors.current_assessment(trip)
            items.append({"trip": trip, "step": step, "advisory": assessment.advisory if assessment else ""})
        return Response(QueueItemOutput(items, many=True).data)


class DelegateListApi(APIView):
    @extend_schema(
        operation_id="delegates_list",
        summary="Your delegations: those you named, and those naming you",
        responses={200: DelegateOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(DelegateOutput(selectors.delegations_for(actor=request.user), many=True).data)

    @extend_schema(
        operation_id="delegates_create",
        summary="Name a delegate who decides your reviews while you are away",
        request=DelegateInput,
        responses={201: DelegateOutput, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = DelegateInput(data=request.data)
        data.is_valid(raise_exception=True)
        delegate = (
            selectors.delegate_candidates(actor=request.user)
            .filter(pk=data.validated_data["delegate_id"])
            .first()
        )
        if delegate is None:
            raise ValidationFailed(fields={"delegate_id": [_("No such person.")]})
        row = services.delegate_set(
            actor=request.user,
            delegate=delegate,
            starts_on=data.validated_data["starts_on"],
            ends_on=data.validated_data["ends_on"],
        )
        return Response(DelegateOutput(row).data, status=status.HTTP_201_CREATED)


class DelegateDetailApi(APIView):
    @extend_schema(
        operation_id="delegates_destroy",
        summary="End a delegation",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request: Request, delegation_id: int) -> Response:
        delegation = selectors.delegations_for(actor=request.user).filter(pk=delegation_id).first()
        if delegation is None:
            raise NotFound()
        services.delegate_remove(actor=request.user, delegation=delegation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItineraryParseApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="itinerary_parse",
        summary="Read legs from typed text, an .ics calendar or a booking e-mail (.eml); nothing is saved",
        request={
            "application/json": {"type": "object", "properties": {"text": {"type": "string"}}},
            "multipart/form-data": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "file": {"type": "string", "format": "binary"}},
            },
        },
        responses={200: ItineraryParseOutput, **error_responses(400, 401)},
        examples=[
            OpenApiExample(
                "Typed",
                value={"text": "PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 > MEX 20:05"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        text = request.data.get("text") if hasattr(request.data, "get") else None
        if upload is not None:
            if upload.size is not None and upload.size > fastentry.MAX_UPLOAD_BYTES:
                raise ValidationFailed(
                    fields={"file": [_("The file is too large (at most %(size)s MB).") % {"size": 2}]}
                )
            data = upload.read()
            name = (upload.name or "").lower()
            parsed = fastentry.parse_eml(data) if name.endswith(".eml") else fastentry.parse_ics(data)
        elif isinstance(text, str):
            parsed = fastentry.parse_text(text)
        else:
            raise ValidationFailed(fields={"text": [_("Type an itinerary or upload a file.")]})
        return Response(
            ItineraryParseOutput(
                {
                    "legs": parsed.legs,
                    "problems": [f"{problem.place(_)}: {problem.render(_)}" for problem in parsed.problems],
                }
            ).data
        )
