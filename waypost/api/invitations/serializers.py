"""Input and output shapes of the invitations register.

Inputs only parse types; the rules (an event ends on or after its start, the country is an
ISO 3166 code, an invitation is not received in the future …) are the service's, and its
errors name the same fields.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from waypost.geo.selectors import country_name
from waypost.trips.choices import InvitationChannel, InvitationStatus
from waypost.trips.invitations import InvitationDecision
from waypost.trips.models import Invitation


class InvitationOutput(serializers.ModelSerializer):
    invitee_name = serializers.CharField(source="invitee.name_latin", read_only=True)
    country_name = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "invitee",
            "invitee_name",
            "event",
            "host_organisation",
            "city",
            "country",
            "country_name",
            "starts_on",
            "ends_on",
            "received_via",
            "received_on",
            "notes",
            "status",
            "decision_reason",
            "decided_at",
            "decided_by",
            "trip",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs: dict[str, dict[str, Any]] = {
            "invitee": {"help_text": "Id of the invited person"},
            "country": {"help_text": "ISO 3166-1 alpha-2 code"},
            "decided_by": {"help_text": "Id of the person who decided"},
            "trip": {"help_text": "Id of the draft trip accepting it started; null otherwise"},
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_country_name(self, invitation: Invitation) -> str:
        """In the request's language."""
        return country_name(invitation.country)


class InvitationInput(serializers.Serializer):
    event = serializers.CharField(max_length=300)
    host_organisation = serializers.CharField(max_length=300)
    city = serializers.CharField(max_length=120)
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. CA")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="On or after starts_on")
    received_via = serializers.ChoiceField(choices=InvitationChannel.choices)
    received_on = serializers.DateField(required=False, allow_null=True, help_text="Not in the future")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


class InvitationCreateInput(InvitationInput):
    invitee = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=(
            "Id of the invited person; default: yourself. Administrators and security officers may "
            "record an invitation for someone in their subtree."
        ),
    )


class InvitationListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=InvitationStatus.choices, required=False)


class InvitationDecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=InvitationDecision.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Required to decline"
    )
