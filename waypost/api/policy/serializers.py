"""Input and output shapes of the guidance and assessment endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypost.policy.choices import VersionStatus
from waypost.policy.describe import localised
from waypost.policy.models import Guidance, GuidanceVersion

TEXT_BY_LANGUAGE = serializers.DictField(child=serializers.CharField())


class IssueOutput(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text="Line of the YAML, if known")
    field = serializers.CharField(help_text="Field path, e.g. rules[0].then.advisory")
    message = serializers.CharField(
        help_text="The problem, in the language of the request that saved the draft"
    )


class VersionSummaryOutput(serializers.ModelSerializer):
    title = serializers.DictField(child=serializers.CharField(), help_text="Title by language")
    valid = serializers.BooleanField(source="is_valid")

    class Meta:
        model = GuidanceVersion
        fields = [
            "number",
            "status",
            "title",
            "effective_from",
            "effective_to",
            "valid",
            "created_at",
            "updated_at",
            "published_at",
            "retired_at",
        ]


class VersionDetailOutput(VersionSummaryOutput):
    guidance = serializers.CharField(source="guidance.slug")
    issuer = serializers.CharField(source="guidance.issuer.slug")
    source: Any = serializers.CharField(help_text="The YAML exactly as written")
    issues = IssueOutput(many=True, help_text="Problems found when the draft was last saved")

    class Meta(VersionSummaryOutput.Meta):
        fields = ["guidance", "issuer", *VersionSummaryOutput.Meta.fields, "source", "issues"]


class GuidanceOutput(serializers.ModelSerializer):
    issuer: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.SerializerMethodField()
    versions = VersionSummaryOutput(many=True, source="visible_versions", help_text="Newest first")

    class Meta:
        model = Guidance
        fields = ["slug", "issuer", "title", "versions"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_title(self, guidance: Guidance) -> str:
        """In the request's language: of the published version, else of the newest one shown."""
        versions = getattr(guidance, "visible_versions", [])
        shown = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None) or next(
            iter(versions), None
        )
        return localised(shown.title if shown else None, get_language() or "en") or guidance.slug


class DraftInput(serializers.Serializer):
    source: Any = serializers.CharField(
        max_length=200_000, trim_whitespace=False, help_text="The guidance YAML"
    )
    guidance = serializers.SlugField(
        required=False,
        allow_blank=True,
        help_text="Identifier of the guidance this is a draft of; default: the document's own id",
    )


class TransitionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["publish", "retire", "discard"])


class SimulateInput(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="Day to simulate (default: today)")
    limit = serializers.IntegerField(
        required=False, default=100, min_value=1, max_value=500, help_text="Changed trips listed in full"
    )


class OnInput(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="Day whose guidance counts (default: today)")


# --- Documentation of the plain JSON the engine and the simulation produce -------------------------


class DecisionOutput(serializers.Serializer):
    advisory = serializers.CharField()
    obligations = serializers.DictField(help_text="Obligation name → combined value")


class ChangeOutput(serializers.Serializer):
    field = serializers.CharField(help_text="advisory or an obligation name")
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    stricter = serializers.BooleanField()
    looser = serializers.BooleanField()


class TripChangeOutput(serializers.Serializer):
    trip = serializers.IntegerField()
    title = serializers.CharField()
    traveller = serializers.CharField()
    depart_on = serializers.DateField(allow_null=True)
    before = DecisionOutput(allow_null=True, help_text="Empty past the limit")
    after = DecisionOutput(allow_null=True, help_text="Empty past the limit")
    changes = ChangeOutput(many=True)
    stricter = serializers.BooleanField()
    looser = serializers.BooleanField()


class TripFailureOutput(serializers.Serializer):
    trip = serializers.IntegerField()
    title = serializers.CharField()
    traveller = serializers.CharField()
    error = serializers.CharField()


class SimulationOutput(serializers.Serializer):
    on = serializers.DateField()
    considered = serializers.IntegerField(help_text="Upcoming and active trips in the issuer's subtree")
    changed = serializers.IntegerField(help_text="How many of them would change")
    stricter = serializers.IntegerField()
    looser = serializers.IntegerField()
    trips = TripChangeOutput(many=True)
    failed = TripFailureOutput(many=True, help_text="Trips whose stored itinerary could not be read")
