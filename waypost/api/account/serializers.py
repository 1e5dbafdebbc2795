"""Input and output shapes of one's own account: personal API tokens and the calendar address."""

from __future__ import annotations

from rest_framework import serializers

from waypost.people.models import ApiToken

TOKEN_DAYS = (30, 90, 365)


class TokenOutput(serializers.ModelSerializer):
    prefix = serializers.CharField(help_text="The secret's first characters, to tell tokens apart")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at"]


class TokenCreatedOutput(TokenOutput):
    secret = serializers.CharField(
        help_text="The token itself, shown this once: send it as `Bearer <secret>`"
    )

    class Meta(TokenOutput.Meta):
        fields = [*TokenOutput.Meta.fields, "secret"]


class TokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for")
    days = serializers.ChoiceField(choices=TOKEN_DAYS, default=90, help_text="Days until it expires")


class CalendarOutput(serializers.Serializer):
    url = serializers.URLField(
        allow_null=True,
        help_text="The secret `.ics` address to subscribe to; null until one is created. Keep it secret.",
    )
    created_at = serializers.DateTimeField(allow_null=True)
