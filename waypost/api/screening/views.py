"""Screening: the officers' hits and their decisions, list status, and screening typed names."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.audit.services import record
from waypost.core.errors import NotFound, PermissionDenied
from waypost.people.scoping import scope_for
from waypost.screening import events
from waypost.screening.choices import HitStatus
from waypost.screening.models import Hit, RestrictedList
from waypost.screening.permissions import OVERSEERS, can_decide_hit
from waypost.screening.selectors import list_status_rows
from waypost.screening.services import hit_decide, screen_names

from ..errors import error_responses
from ..pagination import Pagination


class HitOutput(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject.name")
    subject_latin = serializers.CharField(source="subject.name_latin")
    subject_source = serializers.CharField(source="subject.source_type")
    trip_id = serializers.IntegerField(source="subject.trip_id", allow_null=True)
    list = serializers.CharField(source="entry.list.list_id")
    list_version = serializers.IntegerField(source="list_version.number")
    entry_id = serializers.CharField(source="entry.entry_id")
    entry_names = serializers.JSONField(source="entry.names")
    decided_by: Any = serializers.StringRelatedField()

    class Meta:
        model = Hit
        fields = [
            "id",
            "subject",
            "subject_latin",
            "subject_source",
            "trip_id",
            "list",
            "list_version",
            "entry_id",
            "entry_names",
            "matched_name",
            "score",
            "explanation",
            "status",
            "note",
            "decided_by",
            "decided_at",
            "created_at",
        ]


class HitFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=HitStatus.choices, required=False)


class DecideInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[HitStatus.CONFIRMED, HitStatus.CLEARED])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ScreenInput(serializers.Serializer):
    names = serializers.ListField(
        child=serializers.CharField(max_length=10_000, allow_blank=True), max_length=100
    )
    threshold = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)


class MatchOutput(serializers.Serializer):
    list = serializers.CharField()
    entry_id = serializers.CharField()
    name = serializers.CharField()
    matched_name = serializers.CharField()
    score = serializers.FloatField()
    explanation = serializers.JSONField()


class ScreenResultOutput(serializers.Serializer):
    query = serializers.CharField()
    matches = MatchOutput(many=True)
    error = serializers.CharField(allow_null=True)


def _hits(request: Request) -> Any:
    if not scope_for(request.user).subtree_paths(*OVERSEERS):
        raise PermissionDenied()
    return Hit.objects.visible_to(request.user).select_related(
        "subject", "entry__list", "list_version", "decided_by"
    )


class HitListApi(APIView):
    @extend_schema(
        operation_id="hits_list",
        summary="Screening hits about people you oversee (officers, auditors, administrators)",
        parameters=[HitFilter],
        responses={200: HitOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        query = HitFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        hits = _hits(request)
        if query.validated_data.get("status"):
            hits = hits.filter(status=query.validated_data["status"])
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(hits.order_by("-created_at", "-pk"), request, view=self)
        return paginator.get_paginated_response(HitOutput(page, many=True).data)


class HitDetailApi(APIView):
    @extend_schema(
        operation_id="hits_retrieve",
        summary="One hit: the screened name, the list entry, the score and why",
        responses={200: HitOutput, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, hit_id: int) -> Response:
        hit = _hits(request).filter(pk=hit_id).first()
        if hit is None:
            raise NotFound()
        record(event=events.HIT_VIEWED, actor=request.user, target=hit)
        return Response(HitOutput(hit).data)


class HitDecideApi(APIView):
    @extend_schema(
        operation_id="hits_decide",
        summary="Confirm (the listed party) or clear (a namesake, with a note) a hit",
        request=DecideInput,
        responses={200: HitOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[OpenApiExample("Clear", value={"status": "cleared", "note": "Different date of birth."})],
    )
    def post(self, request: Request, hit_id: int) -> Response:
        hit = _hits(request).filter(pk=hit_id).first()
        if hit is None:
            raise NotFound()
        if not can_decide_hit(request.user, hit.subject.org_path):
            raise PermissionDenied()
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        decided = hit_decide(
            actor=request.user,
            hit=hit,
            status=data.validated_data["status"],
            note=data.validated_data["note"],
        )
        return Response(HitOutput(decided).data)


class ListStatusApi(APIView):
    @extend_schema(
        operation_id="lists_status",
        summary="The restricted-party lists you may see, with their newest version",
        responses={200: {"type": "array", "items": {"type": "object"}}, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        visible = set(RestrictedList.objects.visible_to(request.user).values_list("list_id", flat=True))
        return Response([row.to_json() for row in list_status_rows() if row.list_id in visible])


class ScreenApi(APIView):
    @extend_schema(
        operation_id="screen",
        summary="Screen names against the lists you may see; nothing is stored",
        request=ScreenInput,
        responses={200: ScreenResultOutput(many=True), **error_responses(400, 401, 403, 409)},
        examples=[OpenApiExample("Names", value={"names": ["王小明", "Huawei Technologies Co., Ltd."]})],
    )
    def post(self, request: Request) -> Response:
        if not scope_for(request.user).subtree_paths(*OVERSEERS):
            raise PermissionDenied()
        data = ScreenInput(data=request.data)
        data.is_valid(raise_exception=True)
        visible = list(RestrictedList.objects.visible_to(request.user).values_list("list_id", flat=True))
        # With no list imported yet the service raises NoListsImported (409, code ``no_lists``).
        results = screen_names(
            data.validated_data["names"], threshold=data.validated_data.get("threshold"), lists=visible
        )
        return Response(
            ScreenResultOutput(
                [
                    {
                        "query": result.query,
                        "matches": [
                            {
                                "list": match.list_id,
                                "entry_id": match.entry_id,
                                "name": match.name,
                                "matched_name": match.matched_name,
                                "score": match.score,
                                "explanation": match.explanation,
                            }
                            for match in result.matches
                        ],
                        "error": result.error,
                    }
                    for result in results
                ],
                many=True,
            ).data
        )
