"""One country group over the API: read it, or create or change a custom one as officers do on the
groups page.

The write parses, calls :func:`waypost.geo.services.country_group_save` and answers the group as
``GET /country-groups/`` lists it. Security officers and administrators manage the groups of the
nodes they oversee; anyone else signed in sees the groups but gets 403 here. Shipped group ids are
reserved (400).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound, PermissionDenied, ValidationFailed
from waypost.geo import selectors
from waypost.geo.selectors import GroupListing
from waypost.geo.services import can_manage_country_groups, country_group_save
from waypost.people.models import OrgNode

from ..errors import error_responses
from .views import CountryGroupOutput


class CountryGroupInput(serializers.Serializer):
    owner = serializers.SlugField(help_text="Organisation node owning the group (its slug)")
    names = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        help_text="Name by language: `en` (required), `de`, `zh-hans`",
    )
    members = serializers.ListField(
        child=serializers.CharField(max_length=2), max_length=300, help_text="ISO 3166-1 alpha-2 codes"
    )
    as_of = serializers.DateField(help_text="When the membership was read")
    source: Any = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


def _listing(request: Request, slug: str) -> GroupListing:
    found = next(
        (g for g in selectors.country_group_list_for(actor=request.user) if g.group.id == slug), None
    )
    if found is None:
        raise NotFound()
    return found


class CountryGroupDetailApi(APIView):
    @extend_schema(
        operation_id="country_groups_retrieve",
        summary="One country group, shipped or custom, by id",
        responses={200: CountryGroupOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(CountryGroupOutput(_listing(request, slug)).data)

    @extend_schema(
        operation_id="country_groups_save",
        summary="Create the custom country group with this id, or replace it",
        description=(
            "For security officers and administrators over `owner` (and over the group's current "
            "owner, when it exists). Rules name the group by its id. Shipped ids (e.g. `eu`) are "
            "reserved."
        ),
        request=CountryGroupInput,
        responses={200: CountryGroupOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Greater China",
                value={
                    "owner": "lumen",
                    "names": {"en": "Greater China", "de": "Großchina"},
                    "members": ["CN", "HK", "MO"],
                    "as_of": "2026-03-01",
                    "source": "Security team decision 2026-02",
                    "notes": "",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Invalid",
                value={
                    "error": {
                        "code": "invalid",
                        "message": "Some fields are not valid.",
                        "fields": {"members": ["Unknown country code: XX."]},
                    }
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def put(self, request: Request, slug: str) -> Response:
        nodes = OrgNode.objects.visible_to(request.user)
        if not any(can_manage_country_groups(request.user, node) for node in nodes):
            raise PermissionDenied()
        data = CountryGroupInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        owner = nodes.filter(slug=values["owner"]).first()
        if owner is None:
            raise ValidationFailed(fields={"owner": [_("Unknown organisation.")]})
        country_group_save(
            actor=request.user,
            slug=slug,
            owner=owner,
            names=values["names"],
            members=values["members"],
            as_of=values["as_of"],
            source=values["source"],
            notes=values["notes"],
        )
        return Response(CountryGroupOutput(_listing(request, slug)).data)


urlpatterns = [
    path("country-groups/<slug:slug>/", CountryGroupDetailApi.as_view(), name="country-groups-detail"),
]
