"""Input and output shapes of the traveller abroad: check-ins and incidents.

Inputs only parse types; the rules (the country is an ISO 3166 code, an incident happened during
the trip and not in the future, a description is required …) are the services', and their errors
name the same fields.
"""

from __future__ import annotations

from rest_framework import serializers

from waypost.trips.models import (
    CheckIn,
    CheckInWindow,
    Incident,
    IncidentAction,
    IncidentKind,
    IncidentStatus,
    SafeNow,
)


class CheckInInput(serializers.Serializer):
    country = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="ISO 3166-1 alpha-2"
    )
    city = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CheckInOutput(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "trip", "person", "at", "country", "city", "note", "source"]
        read_only_fields = fields


class WindowOutput(serializers.ModelSerializer):
    class Meta:
        model = CheckInWindow
        fields = ["id", "due_at", "status", "stage", "last_escalated_at", "resolved_at", "checkin"]
        read_only_fields = fields


class CheckInsOutput(serializers.Serializer):
    every_hours = serializers.IntegerField(allow_null=True, help_text="From the obligations; null if none")
    checkins = CheckInOutput(many=True)
    schedule = WindowOutput(many=True)


class IncidentInput(serializers.Serializer):
    kind = serializers.CharField(help_text=f"One of: {', '.join(IncidentKind.values)}")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    country = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="ISO 3166-1 alpha-2"
    )
    city = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    safe_now = serializers.CharField(help_text=f"One of: {', '.join(SafeNow.values)}")


class IncidentActionOutput(serializers.ModelSerializer):
    officer_name = serializers.CharField(source="officer.name_latin", read_only=True)

    class Meta:
        model = IncidentAction
        fields = ["id", "officer", "officer_name", "at", "text"]
        read_only_fields = fields


class IncidentOutput(serializers.ModelSerializer):
    traveller = serializers.IntegerField(source="trip.traveller_id", read_only=True)
    traveller_name = serializers.CharField(source="trip.traveller.name_latin", read_only=True)
    actions = IncidentActionOutput(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "trip",
            "traveller",
            "traveller_name",
            "kind",
            "occurred_at",
            "country",
            "city",
            "description",
            "safe_now",
            "reported_at",
            "status",
            "acknowledged_by",
            "acknowledged_at",
            "closed_by",
            "closed_at",
            "actions",
        ]
        read_only_fields = fields


class IncidentListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
