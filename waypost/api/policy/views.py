"""Guidance, its versions and their lifecycle, simulation, and assessing a trip given as JSON.

Each view parses, calls a selector or service, and serializes. Objects are found through the
selectors, so a missing and a forbidden one both answer 404; an object the actor may see but not
change answers 403.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.policy import selectors, services
from waypost.policy.choices import VersionStatus
from waypost.policy.engine import GuidanceError
from waypost.policy.messages import issue_text
from waypost.policy.permissions import can_author_any_guidance, can_author_guidance
from waypost.policy.samples import SAMPLE_TRIP
from waypost.trips.assessing import simulate

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    DraftInput,
    GuidanceOutput,
    OnInput,
    SimulateInput,
    SimulationOutput,
    TransitionInput,
    VersionDetailOutput,
)


class GuidanceListApi(APIView):
    @extend_schema(
        operation_id="guidance_list",
        summary="Guidance visible to you, with the versions you may see",
        responses={200: GuidanceOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(
            selectors.guidance_list_for(actor=request.user), request, view=self
        )
        return paginator.get_paginated_response(GuidanceOutput(page, many=True).data)


class GuidanceDetailApi(APIView):
    @extend_schema(
        operation_id="guidance_retrieve",
        summary="One guidance document and its versions",
        responses={200: GuidanceOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(GuidanceOutput(selectors.guidance_get_for(actor=request.user, slug=slug)).data)


class GuidanceVersionDetailApi(APIView):
    @extend_schema(
        operation_id="guidance_version_retrieve",
        summary="One version, with its YAML and, for a draft, its problems",
        responses={200: VersionDetailOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        version = selectors.version_get_for(actor=request.user, slug=slug, number=number)
        return Response(VersionDetailOutput(version).data)


class GuidanceDraftSaveApi(APIView):
    @extend_schema(
        operation_id="guidance_draft_save",
        summary="Save the draft of a guidance document (created if new)",
        description=(
            "A draft is saved even when invalid, with `issues` listing each problem with line and field; "
            "only a valid draft can be published. A new document needs at least a readable `id` and an "
            "`issuer` you may issue guidance at."
        ),
        request=DraftInput,
        responses={200: VersionDetailOutput, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        if not can_author_any_guidance(request.user):
            raise PermissionDenied()
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        guidance = None
        if data.validated_data.get("guidance"):
            try:
                guidance = selectors.guidance_get_for(
                    actor=request.user, slug=data.validated_data["guidance"]
                )
            except NotFound:
                raise ValidationFailed(fields={"guidance": [_("Unknown guidance.")]}) from None
        draft = services.guidance_draft_save(
            actor=request.user, source=data.validated_data["source"], guidance=guidance
        )
        return Response(VersionDetailOutput(draft).data)


class GuidanceVersionTransitionApi(APIView):
    @extend_schema(
        operation_id="guidance_version_transition",
        summary="Publish or discard a draft, or retire a published version",
        description=(
            "Publishing checks the YAML and the effective dates against the other versions, closes an "
            "open-ended predecessor and queues a re-assessment of upcoming and active trips. "
            "A discarded draft is deleted (204)."
        ),
        request=TransitionInput,
        responses={
            200: VersionDetailOutput,
            204: None,
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        version = selectors.version_get_for(actor=request.user, slug=slug, number=number)
        if not can_author_guidance(request.user, version.guidance.issuer):
            raise PermissionDenied()
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action = data.validated_data["action"]
        version = services.version_transition(actor=request.user, version=version, action=action)
        if action == "discard":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(VersionDetailOutput(version).data)


class GuidanceVersionSimulateApi(APIView):
    @extend_schema(
        operation_id="guidance_version_simulate",
        summary="What publishing this draft would change for upcoming and active trips",
        description=(
            "Nothing is changed; the simulation itself is recorded in the audit log, since it reads "
            "trips across the issuer's subtree. `trips` lists the first `limit` changed trips."
        ),
        request=SimulateInput,
        responses={200: SimulationOutput, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        version = selectors.version_get_for(actor=request.user, slug=slug, number=number)
        if not can_author_guidance(request.user, version.guidance.issuer):
            raise PermissionDenied()
        if version.status != VersionStatus.DRAFT:
            raise Conflict(
                _("Only a draft can be simulated; version %(number)s is %(status)s.")
                % {"number": version.number, "status": version.get_status_display()}
            )
        if version.issues:
            raise ValidationFailed(
                _("Fix the problems in this draft before simulating it."),
                fields={"source": [issue["message"] for issue in version.issues]},
            )
        data = SimulateInput(data=request.data)
        data.is_valid(raise_exception=True)
        limit = data.validated_data["limit"]
        try:
            result = simulate([version], on=data.validated_data.get("on"), limit=limit)
        except GuidanceError as error:
            # Valid when saved, but no longer (a custom country group it names was removed since).
            raise ValidationFailed(
                _("Fix the problems in this draft before simulating it."),
                fields={"source": [issue_text(issue) for issue in error.issues]},
            ) from None
        # Recorded after the (possibly long) simulation, so the audit chain is locked only briefly.
        with transaction.atomic():
            services.simulation_record(actor=request.user, version=version)
        return Response(result.to_json(limit=limit))


class TripAssessApi(APIView):
    @extend_schema(
        operation_id="assess",
        summary="Assess a trip given as trip JSON against the published guidance you may see",
        description=(
            "The body is the trip JSON (traveller included). Nothing is stored. Without "
            "`traveller.organisation_path` every guidance you may see applies. The answer names the "
            "advisory level, the obligations with the rules behind them, every country entered "
            "(`stay` or `transit` and where) and the reasons."
        ),
        parameters=[
            OpenApiParameter(
                "on", OpenApiTypes.DATE, description="Day whose guidance counts (default: today)"
            )
        ],
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 401)},
        examples=[OpenApiExample("PEK → YVR → MEX", value=SAMPLE_TRIP, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        query = OnInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        if not isinstance(request.data, dict):
            raise ValidationFailed(fields={"non_field_errors": [_("Expected a JSON object: the trip.")]})
        assessment = selectors.trip_json_assess_for(
            actor=request.user, data=request.data, on=query.validated_data.get("on") or clock.today()
        )
        return Response(assessment.to_json())
