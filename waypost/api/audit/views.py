from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.audit import selectors
from waypost.audit.events import AUDIT_LOG_VIEWED
from waypost.audit.models import AuditEvent
from waypost.audit.services import record

from ..errors import error_responses
from ..pagination import Pagination


class AuditEventOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "occurred_at",
            "action",
            "actor_id",
            "actor_label",
            "target_type",
            "target_id",
            "target_label",
            "before",
            "after",
            "extra",
            "request_id",
            "hash",
            "prev_hash",
        ]


class AuditEventListApi(APIView):
    @extend_schema(
        operation_id="audit_events_list",
        summary="The audit log of your subtree (auditors and administrators)",
        parameters=[
            OpenApiParameter("action", str),
            OpenApiParameter("actor", str),
            OpenApiParameter("target_type", str),
            OpenApiParameter("since", str, description="YYYY-MM-DD"),
            OpenApiParameter("until", str, description="YYYY-MM-DD"),
        ],
        responses={200: AuditEventOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = selectors.AuditFilter.from_params(request.query_params)
        events = selectors.audit_event_list_for(actor=request.user, filters=filters)
        paginator = Pagination()
        page = paginator.paginate_queryset(events, request, view=self)
        with transaction.atomic():
            record(
                event=AUDIT_LOG_VIEWED,
                actor=request.user,
                target_type="audit.log",
                extra={"filters": filters.as_dict(), "via": "api"},
            )
        return paginator.get_paginated_response(AuditEventOutput(page, many=True).data)
