"""Input and output shapes of the trip endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypost.policy.describe import assessment_view
from waypost.trips.choices import Decision, TripStatus
from waypost.trips.models import ApprovalDelegate, ReviewStep, Trip, TripAssessment, TripVersion

ACTIONS = ["submit", *Decision.values, "proceed", "cancel"]


class AssessmentOutput(serializers.ModelSerializer):
    reasons = serializers.SerializerMethodField(help_text="Why, in the language of the request")

    class Meta:
        model = TripAssessment
        fields = ["trip_version", "on", "advisory", "late", "obligations", "result", "reasons", "created_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_reasons(self, assessment: TripAssessment) -> Any:
        return assessment_view(assessment.result, (get_language() or "en").lower())["reasons"]


class StepOutput(serializers.ModelSerializer):
    assignee: Any = serializers.StringRelatedField()
    decided_by: Any = serializers.StringRelatedField()
    on_behalf_of: Any = serializers.StringRelatedField()

    class Meta:
        model = ReviewStep
        fields = [
            "id",
            "trip_version",
            "position",
            "role",
            "assignee",
            "decision",
            "note",
            "decided_by",
            "on_behalf_of",
            "decided_at",
            "is_current",
        ]


class TripSummaryOutput(serializers.ModelSerializer):
    traveller: Any = serializers.StringRelatedField()
    traveller_id = serializers.IntegerField()

    class Meta:
        model = Trip
        fields = [
            "id",
            "title",
            "traveller",
            "traveller_id",
            "status",
            "depart_on",
            "return_on",
            "version",
            "revision",
            "submitted_at",
            "decided_at",
        ]


class TripOutput(TripSummaryOutput):
    facts = serializers.JSONField(help_text="The trip JSON (DESIGN.md §3) without the traveller")
    assessment = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(TripSummaryOutput.Meta):
        fields = [
            *TripSummaryOutput.Meta.fields,
            "facts",
            "proceeded_at",
            "proceed_note",
            "cancelled_at",
            "cancel_reason",
            "briefing_flagged_at",
            "debrief_due_on",
            "assessment",
            "steps",
        ]

    @extend_schema_field(AssessmentOutput(allow_null=True))
    def get_assessment(self, trip: Trip) -> Any:
        current = TripAssessment.objects.filter(trip=trip, is_current=True).first()
        return AssessmentOutput(current).data if current else None

    @extend_schema_field(StepOutput(many=True))
    def get_steps(self, trip: Trip) -> Any:
        steps = ReviewStep.objects.filter(trip=trip).select_related("assignee", "decided_by", "on_behalf_of")
        return StepOutput(steps, many=True).data


class DraftInput(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    facts = serializers.JSONField(help_text="The trip JSON without the traveller; saved even if invalid")
    revision = serializers.IntegerField(required=False, help_text="The revision you saw (conflict if stale)")

    def validate_facts(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected a JSON object.")
        return value


class DraftOutput(serializers.Serializer):
    trip = TripOutput()
    problems = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Problems with the facts by field path (legs[1].arrive …); empty when valid",
    )


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=ACTIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    revision = serializers.IntegerField(required=False, help_text="The revision you saw (conflict if stale)")


class AmendInput(serializers.Serializer):
    facts = serializers.JSONField()
    title = serializers.CharField(required=False, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    revision = serializers.IntegerField(required=False)

    def validate_facts(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected a JSON object.")
        return value


class AmendOutput(serializers.Serializer):
    trip = TripOutput()
    version = serializers.IntegerField()
    stricter = serializers.BooleanField(help_text="The advisory or an obligation got stricter")
    new_review = serializers.BooleanField(help_text="The review started again")


class VersionOutput(serializers.ModelSerializer):
    class Meta:
        model = TripVersion
        fields = ["number", "title", "facts", "note", "created_at"]


class FieldChangeOutput(serializers.Serializer):
    path = serializers.CharField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class VersionDetailOutput(VersionOutput):
    changes = serializers.SerializerMethodField(help_text="What changed since the previous version")

    class Meta(VersionOutput.Meta):
        fields = [*VersionOutput.Meta.fields, "changes"]

    @extend_schema_field(FieldChangeOutput(many=True))
    def get_changes(self, version: TripVersion) -> Any:
        return FieldChangeOutput(self.context.get("changes", []), many=True).data


class BriefingStateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    language = serializers.CharField()
    body = serializers.CharField(help_text="Markdown")
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class AcknowledgeInput(serializers.Serializer):
    language = serializers.CharField(required=False, max_length=10, default="en")


class QueueItemOutput(serializers.Serializer):
    trip = TripSummaryOutput()
    step = StepOutput()
    advisory = serializers.CharField()


class DelegateOutput(serializers.ModelSerializer):
    person: Any = serializers.StringRelatedField()
    delegate: Any = serializers.StringRelatedField()

    class Meta:
        model = ApprovalDelegate
        fields = ["id", "person", "person_id", "delegate", "delegate_id", "starts_on", "ends_on"]


class DelegateInput(serializers.Serializer):
    delegate_id = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class StatusFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=TripStatus.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False)


class ItineraryParseOutput(serializers.Serializer):
    legs = serializers.ListField(child=serializers.JSONField())
    problems = serializers.ListField(child=serializers.CharField())
