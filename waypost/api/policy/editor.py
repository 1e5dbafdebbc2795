"""The guidance editor's helpers over the API: the live preview and a re-assessment run's progress.

The preview calls :func:`waypost.policy.preview.guidance_preview`, as the web editor does, and
stores nothing. A run is found with :func:`waypost.policy.selectors.reassessment_get_for`: one of
a version the actor may not see answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import PermissionDenied
from waypost.policy import selectors
from waypost.policy.choices import RunStatus
from waypost.policy.models import ReassessmentRun
from waypost.policy.permissions import can_author_any_guidance
from waypost.policy.preview import guidance_preview
from waypost.policy.samples import SAMPLE_TRIP

from ..errors import error_responses
from .serializers import IssueOutput

PREVIEW_SOURCE = """id: lumen-travel
issuer: lumen
title: {en: Lumen travel}
effective_from: 2026-01-01
rules:
  - id: caution
    when: {destinations: {countries: [MX]}}
    then: {advisory: caution, declare_days_before: 14}
"""


class PreviewInput(serializers.Serializer):
    source: Any = serializers.CharField(
        max_length=200_000, trim_whitespace=False, help_text="The guidance YAML"
    )
    sample_trip = serializers.JSONField(
        required=False, help_text="Trip JSON to assess against it (default: a sample trip PEK → YVR → MEX)"
    )

    def validate_sample_trip(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Expected a JSON object: the trip."))
        return value


class PreviewOutput(serializers.Serializer):
    valid = serializers.BooleanField(help_text="Whether the YAML is valid guidance")
    issues = IssueOutput(many=True, help_text="Problems of the YAML, each with line and field")
    rule_count = serializers.IntegerField(help_text="Rules in the guidance (0 when invalid)")
    trip_errors = serializers.ListField(
        child=serializers.CharField(), help_text="Problems of the sample trip, in your language"
    )
    on = serializers.DateField(allow_null=True, help_text="Day assessed: today, or the guidance's first day")
    assessment = serializers.JSONField(
        allow_null=True, help_text="The sample trip's assessment, as `POST /assess/` answers it"
    )


class ReassessmentVersionOutput(serializers.Serializer):
    guidance = serializers.CharField(source="guidance.slug")
    number = serializers.IntegerField()


class ReassessmentRunOutput(serializers.ModelSerializer):
    version = ReassessmentVersionOutput(
        allow_null=True, help_text="The version whose change started it; null for a daily run of all guidance"
    )
    status = serializers.ChoiceField(choices=RunStatus.choices)
    percent = serializers.IntegerField(help_text="Share of the trips done, 0–100")

    class Meta:
        model = ReassessmentRun
        fields = [
            "id",
            "version",
            "status",
            "total",
            "done",
            "changed",
            "percent",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


class GuidancePreviewApi(APIView):
    @extend_schema(
        operation_id="guidance_preview",
        summary="Check guidance YAML as typed and assess a sample trip against it; nothing is saved",
        description=(
            "For authors of guidance (security officers and administrators). The guidance is "
            "treated as published. A problem with the YAML or the sample trip is part of the "
            "answer (200), not an error: `issues` and `trip_errors` list them."
        ),
        request=PreviewInput,
        responses={200: PreviewOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Guidance and sample trip",
                value={"source": PREVIEW_SOURCE, "sample_trip": SAMPLE_TRIP},
                request_only=True,
            ),
            OpenApiExample(
                "A problem in the YAML",
                value={
                    "valid": False,
                    "issues": [
                        {
                            "line": 8,
                            "field": "rules[0].then.advisory",
                            "message": "Line 8, rules[0].then.advisory: unknown advisory level 'cautious'",
                        }
                    ],
                    "rule_count": 0,
                    "trip_errors": [],
                    "on": None,
                    "assessment": None,
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        if not can_author_any_guidance(request.user):
            raise PermissionDenied()
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        preview = guidance_preview(
            source=data.validated_data["source"], sample=data.validated_data.get("sample_trip") or SAMPLE_TRIP
        )
        payload = {
            "valid": preview.valid,
            "issues": preview.issues,
            "rule_count": preview.rule_count,
            "trip_errors": preview.trip_errors,
            "on": preview.on,
            "assessment": preview.assessment,
        }
        return Response(PreviewOutput(payload).data)


class ReassessmentRunApi(APIView):
    @extend_schema(
        operation_id="guidance_reassessment_retrieve",
        summary="Progress of a re-assessment run started by publishing or retiring guidance",
        description="Poll it until `status` is `done` or `failed`.",
        responses={200: ReassessmentRunOutput, **error_responses(401, 404)},
        examples=[
            OpenApiExample(
                "Running",
                value={
                    "id": 12,
                    "version": {"guidance": "lumen-travel", "number": 2},
                    "status": "running",
                    "total": 40,
                    "done": 10,
                    "changed": 3,
                    "percent": 25,
                    "error": "",
                    "created_at": "2026-03-02T12:00:00Z",
                    "started_at": "2026-03-02T12:00:01Z",
                    "finished_at": None,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, run_id: int) -> Response:
        run = selectors.reassessment_get_for(actor=request.user, run_id=run_id)
        return Response(ReassessmentRunOutput(run).data)
