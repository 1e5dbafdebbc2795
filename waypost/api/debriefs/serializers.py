"""Input and output shapes of debriefs and the contacts register.

Inputs only parse types; the rules (the answers' completeness, dates within the trip, a known
outcome, a note for follow-up, what may be merged) are the services', and their errors name the
same fields (``contacts[1].met_on``, ``outcome``, ``other``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypost.debriefs.choices import DebriefOutcome
from waypost.debriefs.models import Contact, Debrief, Encounter, MergeSuggestion
from waypost.trips.models import Trip

PROBLEMS = serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()),
    help_text="Problems a submission would meet, by field path (`contacts[1].met_on`); empty when none.",
)


# --- Debriefs --------------------------------------------------------------------------------------


class DebriefOutput(serializers.ModelSerializer):
    traveller = serializers.IntegerField(source="trip.traveller_id", read_only=True)
    traveller_name = serializers.CharField(source="trip.traveller.name_latin", read_only=True)
    reviewed_by_name = serializers.CharField(source="reviewed_by.name_latin", read_only=True, default=None)
    answers = serializers.JSONField(help_text="The answers exactly as typed (see the debrief's shape).")
    problems = serializers.SerializerMethodField(help_text=PROBLEMS.help_text)
    may_edit = serializers.SerializerMethodField(help_text="Whether you may save and submit it now.")
    may_review = serializers.SerializerMethodField(help_text="Whether you may record a review now.")

    class Meta:
        model = Debrief
        fields = [
            "id",
            "trip",
            "traveller",
            "traveller_name",
            "status",
            "answers",
            "revision",
            "submitted_at",
            "late",
            "outcome",
            "review_note",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "problems",
            "may_edit",
            "may_review",
        ]
        read_only_fields = fields

    @extend_schema_field(PROBLEMS)
    def get_problems(self, debrief: Debrief) -> dict[str, list[str]]:
        problems: dict[str, list[str]] = self.context.get("problems") or {}
        return problems

    def get_may_edit(self, debrief: Debrief) -> bool:
        return bool(self.context.get("may_edit"))

    def get_may_review(self, debrief: Debrief) -> bool:
        return bool(self.context.get("may_review"))


class DebriefSaveInput(serializers.Serializer):
    answers = serializers.JSONField(help_text="The whole form as a JSON object (see the debrief's shape).")
    revision = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="The revision you edited; a stale one answers 409 and saves nothing.",
    )


class DebriefSubmitInput(serializers.Serializer):
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class DebriefReviewInput(serializers.Serializer):
    outcome = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=f"One of: {', '.join(DebriefOutcome.values)}",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required for follow_up."
    )
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class DebriefSummaryOutput(serializers.ModelSerializer):
    trip_title = serializers.CharField(source="trip.title", read_only=True)
    traveller = serializers.IntegerField(source="trip.traveller_id", read_only=True)
    traveller_name = serializers.CharField(source="trip.traveller.name_latin", read_only=True)
    debrief_due_on = serializers.DateField(source="trip.debrief_due_on", read_only=True)

    class Meta:
        model = Debrief
        fields = [
            "id",
            "trip",
            "trip_title",
            "traveller",
            "traveller_name",
            "status",
            "debrief_due_on",
            "submitted_at",
            "late",
            "outcome",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = fields


class DueTripOutput(serializers.ModelSerializer):
    traveller_name = serializers.CharField(source="traveller.name_latin", read_only=True)

    class Meta:
        model = Trip
        fields = ["id", "title", "traveller", "traveller_name", "status", "return_on", "debrief_due_on"]
        read_only_fields = fields


class DebriefQueueOutput(serializers.Serializer):
    to_review = DebriefSummaryOutput(many=True, help_text="Submitted, waiting for review (oldest first).")
    follow_up = DebriefSummaryOutput(many=True, help_text="Reviewed with follow-up needed.")
    overdue = DueTripOutput(many=True, help_text="Trips whose debrief is overdue (most overdue first).")
    due = DueTripOutput(many=True, help_text="Trips whose debrief is due and not yet overdue.")


# --- The contacts register -------------------------------------------------------------------------


class ContactOutput(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "kind", "name", "name_latin", "organisation", "country", "merged_into"]
        read_only_fields = fields


class ContactListOutput(ContactOutput):
    trip_count = serializers.IntegerField(read_only=True)
    traveller_count = serializers.IntegerField(read_only=True)
    encounter_count = serializers.IntegerField(read_only=True)
    last_met = serializers.DateField(
        read_only=True, allow_null=True, help_text="Departure of the latest trip."
    )

    class Meta(ContactOutput.Meta):
        fields = [*ContactOutput.Meta.fields, "trip_count", "traveller_count", "encounter_count", "last_met"]
        read_only_fields = fields


class EncounterOutput(serializers.ModelSerializer):
    trip_title = serializers.CharField(source="trip.title", read_only=True)
    depart_on = serializers.DateField(source="trip.depart_on", read_only=True)
    return_on = serializers.DateField(source="trip.return_on", read_only=True)
    traveller_name = serializers.CharField(source="traveller.name_latin", read_only=True)
    details = serializers.JSONField(
        read_only=True,
        help_text="What the traveller wrote: where, how, met_on, topics, follow_up, asked_about_work, "
        "asked_to_stay_in_touch (reported); purpose (planned).",
    )

    class Meta:
        model = Encounter
        fields = [
            "id",
            "trip",
            "trip_title",
            "depart_on",
            "return_on",
            "traveller",
            "traveller_name",
            "source",
            "details",
        ]
        read_only_fields = fields


class SuggestionOutput(serializers.ModelSerializer):
    contact = ContactOutput(read_only=True)
    other = ContactOutput(read_only=True)
    explanation = serializers.JSONField(read_only=True, help_text="The name matcher's explanation.")

    class Meta:
        model = MergeSuggestion
        fields = ["id", "contact", "other", "score", "explanation", "status", "created_at"]
        read_only_fields = fields


class ContactDetailOutput(ContactOutput):
    encounters = serializers.SerializerMethodField()
    suggestions = serializers.SerializerMethodField()

    class Meta(ContactOutput.Meta):
        fields = [*ContactOutput.Meta.fields, "encounters", "suggestions"]
        read_only_fields = fields

    @extend_schema_field(EncounterOutput(many=True))
    def get_encounters(self, contact: Contact) -> list[dict[str, Any]]:
        return list(EncounterOutput(self.context.get("encounters") or [], many=True).data)

    @extend_schema_field(SuggestionOutput(many=True))
    def get_suggestions(self, contact: Contact) -> list[dict[str, Any]]:
        return list(SuggestionOutput(self.context.get("suggestions") or [], many=True).data)


class ContactQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Name (any script) or organisation",
    )


class MergeInput(serializers.Serializer):
    other = serializers.IntegerField(min_value=1, help_text="The contact merged into the one in the address.")
