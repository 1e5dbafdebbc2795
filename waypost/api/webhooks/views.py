"""Webhook endpoints: list and register, read (with the secret), change, delete, their deliveries, ping.

Only administrators over an endpoint's organisation: the list and registration answer 403 to
anyone who administers nothing; an endpoint someone may not manage answers 404 like a missing
one. Each view parses, calls a service or selector of
:mod:`waypost.notifications.webhook_endpoints`, and serializes.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import PermissionDenied
from waypost.notifications import webhook_endpoints as service
from waypost.notifications.models import WebhookEndpoint

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    WebhookDeliveryOutput,
    WebhookEndpointInput,
    WebhookEndpointOutput,
    WebhookEndpointPatch,
)

ENDPOINT_EXAMPLE = {
    "owner": 3,
    "url": "https://hooks.example.org/waypost",
    "description": "Security operations centre",
    "events": ["incident.created", "hit.raised"],
}
ENDPOINT_OUTPUT_EXAMPLE = {
    "id": 7,
    "owner": 3,
    "owner_name": "Lumen AI Lab",
    "url": "https://hooks.example.org/waypost",
    "description": "Security operations centre",
    "events": ["incident.created", "hit.raised"],
    "is_active": True,
    "secret": "q0bH0q2c7m4c3u1oA0m9wZ3mJcX8c7l2n1YvB4tR5sE",
    "created_at": "2026-03-01T09:00:00Z",
    "updated_at": "2026-03-01T09:00:00Z",
}
INVALID_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {
            "url": ["Enter a full http:// or https:// address, e.g. https://hooks.example.org/waypost."],
            "events": ["Unknown event: trip.deleted. Choose among incident.created, trip.submitted, …"],
        },
    }
}
DELIVERY_EXAMPLE = {
    "id": 41,
    "event": "ping",
    "event_id": "3f1c1d0e-8f5e-4a59-9a53-0d6c2f0b5b7e",
    "status": "pending",
    "attempts": 0,
    "not_before": None,
    "last_status_code": None,
    "last_error": "",
    "created_at": "2026-03-01T09:05:00Z",
    "delivered_at": None,
    "payload": {
        "id": "3f1c1d0e-8f5e-4a59-9a53-0d6c2f0b5b7e",
        "event": "ping",
        "created_at": "2026-03-01T09:05:00+00:00",
        "data": {"endpoint": 7},
    },
}


def _endpoint(request: Request, endpoint_id: int) -> WebhookEndpoint:
    return service.webhook_endpoint_get_for(request.user, endpoint_id)


def _require_administrator(request: Request) -> None:
    if not service.may_manage_any_webhooks(request.user):
        raise PermissionDenied()


class WebhookListApi(APIView):
    @extend_schema(
        operation_id="webhooks_list",
        summary="Webhook endpoints of the organisations you administer",
        responses={200: WebhookEndpointOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        _require_administrator(request)
        listed = service.webhook_endpoint_list_for(request.user)
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(listed, request, view=self)
        return paginator.get_paginated_response(WebhookEndpointOutput(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Register an endpoint; its signing secret is generated and returned",
        description=(
            "Administrators over `owner`. Events of `owner` and everything under it are POSTed to "
            "`url`, signed with the returned `secret` (see docs/webhooks.md). Errors name each "
            "field at fault, in your language."
        ),
        request=WebhookEndpointInput,
        responses={201: WebhookEndpointOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample("Incidents and hits", value=ENDPOINT_EXAMPLE, request_only=True),
            OpenApiExample(
                "Registered", value=ENDPOINT_OUTPUT_EXAMPLE, response_only=True, status_codes=["201"]
            ),
            OpenApiExample("Invalid", value=INVALID_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def post(self, request: Request) -> Response:
        _require_administrator(request)
        data = WebhookEndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = service.webhook_endpoint_create(actor=request.user, **data.validated_data)
        return Response(WebhookEndpointOutput(endpoint).data, status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    @extend_schema(
        operation_id="webhooks_retrieve",
        summary="One endpoint, with its signing secret",
        responses={200: WebhookEndpointOutput, **error_responses(401, 404)},
        examples=[OpenApiExample("Endpoint", value=ENDPOINT_OUTPUT_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        return Response(WebhookEndpointOutput(_endpoint(request, endpoint_id)).data)

    @extend_schema(
        operation_id="webhooks_partial_update",
        summary="Change an endpoint: only the fields given (`is_active: false` deactivates it)",
        request=WebhookEndpointPatch,
        responses={200: WebhookEndpointOutput, **error_responses(400, 401, 404)},
        examples=[
            OpenApiExample("Deactivate", value={"is_active": False}, request_only=True),
            OpenApiExample("Invalid", value=INVALID_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def patch(self, request: Request, endpoint_id: int) -> Response:
        endpoint = _endpoint(request, endpoint_id)
        data = WebhookEndpointPatch(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        endpoint = service.webhook_endpoint_update(
            actor=request.user, endpoint=endpoint, changes=data.validated_data
        )
        return Response(WebhookEndpointOutput(_endpoint(request, endpoint.pk)).data)

    @extend_schema(
        operation_id="webhooks_destroy",
        summary="Delete an endpoint and its delivery history",
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request: Request, endpoint_id: int) -> Response:
        service.webhook_endpoint_delete(actor=request.user, endpoint=_endpoint(request, endpoint_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveryListApi(APIView):
    @extend_schema(
        operation_id="webhooks_deliveries",
        summary="An endpoint's deliveries, newest first, with their status and last error",
        responses={200: WebhookDeliveryOutput(many=True), **error_responses(401, 404)},
        examples=[OpenApiExample("A ping", value=DELIVERY_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint = _endpoint(request, endpoint_id)
        listed = service.webhook_delivery_list_for(request.user, endpoint)
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(listed, request, view=self)
        return paginator.get_paginated_response(WebhookDeliveryOutput(page, many=True).data)


class WebhookPingApi(APIView):
    @extend_schema(
        operation_id="webhooks_ping",
        summary="Send a test `ping` event to the endpoint (queued, delivered like any event)",
        description="An inactive endpoint answers 400 (`is_active`).",
        request=None,
        responses={202: WebhookDeliveryOutput, **error_responses(400, 401, 404)},
        examples=[OpenApiExample("Queued", value=DELIVERY_EXAMPLE, response_only=True, status_codes=["202"])],
    )
    def post(self, request: Request, endpoint_id: int) -> Response:
        delivery = service.webhook_endpoint_ping(actor=request.user, endpoint=_endpoint(request, endpoint_id))
        return Response(WebhookDeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED)
