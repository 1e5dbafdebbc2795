"""The traveller abroad: check in, see the check-ins and their schedule, report and handle incidents.

Each view parses, calls a selector or service of :mod:`waypost.trips.abroad`, and serializes.
Trips and incidents are found through the selectors, so a missing one and another's both answer
404; one the actor sees but may not act on answers 403; acting twice (acknowledging an
acknowledged incident, closing a closed one) answers 409.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.trips import abroad
from waypost.trips.models import CheckInSource, Incident, IncidentStatus

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    ActionInput,
    CheckInInput,
    CheckInOutput,
    CheckInsOutput,
    IncidentActionOutput,
    IncidentInput,
    IncidentListQuery,
    IncidentOutput,
    NoteInput,
)

INCIDENT_EXAMPLE = {
    "kind": "information_request",
    "occurred_at": "2026-03-03T14:30:00+09:00",
    "country": "JP",
    "city": "Tokyo",
    "description": "After my talk a visitor asked for our unpublished training data.",
    "safe_now": "yes",
}
INVALID_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {
            "occurred_at": ["This is outside the trip (2026-03-01 – 2026-03-06)."],
            "description": ["Describe what happened."],
        },
    }
}


def _incident(request: Request, incident_id: int, *, audit: bool = False) -> Incident:
    return abroad.incident_get_for(request.user, incident_id, audit=audit)


def _incident_out(request: Request, incident_id: int) -> Response:
    return Response(IncidentOutput(_incident(request, incident_id)).data)


class CheckInApi(APIView):
    @extend_schema(
        operation_id="trips_check_in",
        summary="Check in (one tap; where you are is optional)",
        description=(
            "Only the traveller, only while the trip is travelling. A second check-in within two "
            "minutes returns the first one (a double tap records one check-in)."
        ),
        request=CheckInInput,
        responses={201: CheckInOutput, **error_responses(400, 401, 403, 404)},
        examples=[OpenApiExample("Where I am", value={"country": "JP", "city": "Tokyo"}, request_only=True)],
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = abroad.trip_abroad_get_for(request.user, trip_id)
        abroad.require_traveller(request.user, trip)
        data = CheckInInput(data=request.data)
        data.is_valid(raise_exception=True)
        checkin = abroad.checkin_record(
            actor=request.user, trip=trip, source=CheckInSource.API, **data.validated_data
        )
        return Response(CheckInOutput(checkin).data, status=status.HTTP_201_CREATED)


class CheckInListApi(APIView):
    @extend_schema(
        operation_id="trips_check_ins",
        summary="A trip's check-ins and the check-ins due (with their escalation stage)",
        responses={200: CheckInsOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, trip_id: int) -> Response:
        trip = abroad.trip_abroad_get_for(request.user, trip_id)
        payload = {
            "every_hours": abroad.check_in_every_hours(trip),
            "checkins": list(abroad.checkins_for(request.user, trip)[:200]),
            "schedule": list(abroad.windows_for(trip)[:200]),
        }
        return Response(CheckInsOutput(payload).data)


class IncidentReportApi(APIView):
    @extend_schema(
        operation_id="trips_incident_report",
        summary="Report an incident; the security officers are alerted at once",
        description=(
            "Only the traveller, while travelling or just back. `occurred_at` must be during the "
            "trip (± one day) and not in the future; `description` is required. Errors name each "
            "field at fault, in your language."
        ),
        request=IncidentInput,
        responses={201: IncidentOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Asked for information", value=INCIDENT_EXAMPLE, request_only=True),
            OpenApiExample("Invalid", value=INVALID_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def post(self, request: Request, trip_id: int) -> Response:
        trip = abroad.trip_abroad_get_for(request.user, trip_id)
        abroad.require_traveller(request.user, trip)
        data = IncidentInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = abroad.incident_report(actor=request.user, trip=trip, **data.validated_data)
        return Response(IncidentOutput(_incident(request, incident.pk)).data, status=status.HTTP_201_CREATED)


class IncidentListApi(APIView):
    @extend_schema(
        operation_id="incidents_list",
        summary="Incidents you may see: open first, then acknowledged, then closed",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=IncidentStatus.values, description="Only this status"
            )
        ],
        responses={200: IncidentOutput(many=True), **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        query = IncidentListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        listed = abroad.incident_list_for(
            request.user, status=query.validated_data.get("status")
        ).prefetch_related("actions__officer")
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(listed, request, view=self)
        return paginator.get_paginated_response(IncidentOutput(page, many=True).data)


class IncidentDetailApi(APIView):
    @extend_schema(
        operation_id="incidents_retrieve",
        summary="One incident with the actions taken",
        description="A read by anyone but the traveller is recorded in the audit log.",
        responses={200: IncidentOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, incident_id: int) -> Response:
        return Response(IncidentOutput(_incident(request, incident_id, audit=True)).data)


class IncidentAcknowledgeApi(APIView):
    @extend_schema(
        operation_id="incidents_acknowledge",
        summary="Acknowledge an incident (security officers over the traveller); the traveller is told",
        request=NoteInput,
        responses={200: IncidentOutput, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, incident_id: int) -> Response:
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = _incident(request, incident_id)
        abroad.incident_acknowledge(actor=request.user, incident=incident, note=data.validated_data["note"])
        return _incident_out(request, incident_id)


class IncidentActionApi(APIView):
    @extend_schema(
        operation_id="incidents_action_add",
        summary="Record an action taken on an incident (security officers over the traveller)",
        request=ActionInput,
        responses={201: IncidentActionOutput, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, incident_id: int) -> Response:
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = _incident(request, incident_id)
        action = abroad.incident_action_add(
            actor=request.user, incident=incident, text=data.validated_data["text"]
        )
        return Response(IncidentActionOutput(action).data, status=status.HTTP_201_CREATED)


class IncidentCloseApi(APIView):
    @extend_schema(
        operation_id="incidents_close",
        summary="Close an incident (security officers over the traveller)",
        request=NoteInput,
        responses={200: IncidentOutput, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, incident_id: int) -> Response:
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = _incident(request, incident_id)
        abroad.incident_close(actor=request.user, incident=incident, note=data.validated_data["note"])
        return _incident_out(request, incident_id)
