"""Countries, country groups and airports: reference data the guidance and trips are written with."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound
from waypost.geo import selectors
from waypost.geo.selectors import GroupListing

from ..errors import error_responses


def _in_language(names: dict[str, str]) -> str:
    language = (get_language() or "en").lower()
    return names.get(language) or names.get(language.split("-")[0]) or names.get("en") or ""


class CountryOutput(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    name = serializers.CharField(help_text="In the request's language (Accept-Language)")


class CountryGroupOutput(serializers.Serializer):
    id = serializers.CharField(source="group.id")
    name = serializers.SerializerMethodField()
    names = serializers.DictField(
        source="group.names", child=serializers.CharField(), help_text="Name by language"
    )
    source: Any = serializers.CharField(source="group.source", help_text="Where the membership was read")
    as_of = serializers.DateField(source="group.as_of", help_text="When it was read")
    members = serializers.SerializerMethodField()
    custom = serializers.BooleanField(help_text="Defined by officers rather than shipped with Waypost")
    owner = serializers.SerializerMethodField(help_text="The node owning a custom group")
    notes = serializers.CharField(source="group.notes")

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, listing: GroupListing) -> str:
        return _in_language(dict(listing.group.names)) or listing.group.id

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, listing: GroupListing) -> list[str]:
        return sorted(listing.group.members)

    @extend_schema_field(OpenApiTypes.STR)
    def get_owner(self, listing: GroupListing) -> str | None:
        return listing.owner or None


class AirportOutput(serializers.Serializer):
    iata = serializers.CharField()
    name = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    country_name = serializers.SerializerMethodField()
    tz = serializers.CharField(help_text="IANA time zone: leg times at this airport are local to it")

    @extend_schema_field(OpenApiTypes.STR)
    def get_country_name(self, airport: Any) -> str:
        return selectors.country_name(airport.country)


class CountryListApi(APIView):
    @extend_schema(
        operation_id="countries_list",
        summary="ISO 3166 countries, named and sorted in your language",
        responses={200: CountryOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(CountryOutput(selectors.country_list(), many=True).data)


class CountryGroupListApi(APIView):
    @extend_schema(
        operation_id="country_groups_list",
        summary="Country groups: every shipped group, and the custom groups you may see",
        responses={200: CountryGroupOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            CountryGroupOutput(selectors.country_group_list_for(actor=request.user), many=True).data
        )


class AirportDetailApi(APIView):
    @extend_schema(
        operation_id="airports_retrieve",
        summary="An airport by IATA code: city, country and time zone",
        responses={200: AirportOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, iata: str) -> Response:
        airport = selectors.airport_get(iata)
        if airport is None:
            raise NotFound()
        return Response(AirportOutput(airport).data)
