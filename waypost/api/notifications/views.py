"""The signed-in person's own inbox: list, mark one read, mark all read.

Only one's own in-app notifications are ever visible; another person's answers 404, exactly like
a missing one. Subjects and bodies are rendered in the language of the request.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.notifications import selectors, services

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import InboxFilterInput, NotificationOutput, ReadAllOutput


class NotificationListApi(APIView):
    @extend_schema(
        operation_id="notifications_list",
        summary="Your in-app notifications, newest first",
        parameters=[OpenApiParameter("unread", bool, description="Only unread notifications")],
        responses={200: NotificationOutput(many=True), **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        query = InboxFilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        notifications = selectors.inbox_for(request.user)
        if query.validated_data["unread"]:
            notifications = notifications.filter(read_at__isnull=True)
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(notifications, request, view=self)
        return paginator.get_paginated_response(NotificationOutput(page, many=True).data)


class NotificationReadApi(APIView):
    @extend_schema(
        operation_id="notifications_read",
        summary="Mark one of your notifications read",
        description="Idempotent: a notification already read keeps the time it was first read.",
        request=None,
        responses={200: NotificationOutput, **error_responses(401, 404)},
    )
    def post(self, request: Request, notification_id: int) -> Response:
        notification = services.mark_read(request.user, notification_id)
        return Response(NotificationOutput(notification).data)


class NotificationReadAllApi(APIView):
    @extend_schema(
        operation_id="notifications_read_all",
        summary="Mark all your notifications read",
        request=None,
        responses={200: ReadAllOutput, **error_responses(401)},
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(request.user)})
