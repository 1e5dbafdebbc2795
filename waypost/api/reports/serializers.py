"""Shapes of the oversight API: the dashboard, a report, and the filters they take."""

from __future__ import annotations

from rest_framework import serializers


class TileOutput(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=[
            "incidents",
            "abroad",
            "upcoming",
            "pending",
            "missed_checkins",
            "overdue_debriefs",
            "open_hits",
        ]
    )
    count = serializers.IntegerField()
    rows = serializers.ListField(
        child=serializers.DictField(),
        allow_null=True,
        help_text="The first records behind the count; null when your role shows counts only.",
    )


class CountryCountOutput(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2; empty when the trip declares no stay.")
    numeric = serializers.CharField(help_text="ISO 3166-1 numeric, as world-atlas keys its shapes.")
    name = serializers.CharField()
    travellers = serializers.IntegerField()


class DashboardOutput(serializers.Serializer):
    shows_records = serializers.BooleanField()
    tiles = TileOutput(many=True)
    abroad_by_country = CountryCountOutput(many=True)


class ReportOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    columns = serializers.ListField(child=serializers.CharField())
    labels = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    chart = serializers.DictField()


class ReportSummaryOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    csv = serializers.CharField()
    xlsx = serializers.CharField()
