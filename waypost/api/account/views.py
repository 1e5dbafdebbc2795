"""One's own account over the API: personal API tokens and the calendar feed's secret address.

Each view parses, calls a service of :mod:`waypost.people.services` or
:mod:`waypost.notifications.services` (or the selector the profile page reads) and serializes.
Everything here is the caller's own: another person's token answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.notifications import services as notification_services
from waypost.notifications.models import CalendarFeed
from waypost.notifications.selectors import calendar_feed_for
from waypost.people import services
from waypost.people.models import ApiToken

from ..errors import error_responses
from .serializers import CalendarOutput, TokenCreatedOutput, TokenInput, TokenOutput

TOKEN_EXAMPLE = {
    "id": 4,
    "name": "Expense sync",
    "prefix": "wp_Yq3vN8k",
    "created_at": "2026-03-02T12:00:00Z",
    "last_used_at": None,
    "expires_at": "2026-05-31T12:00:00Z",
}
CALENDAR_EXAMPLE = {
    "url": "https://waypost.example.org/calendar/2d0Zc9cQ0v2H5Jm1qX1cB3u0x1V0vWnq9dE4Yk7sG5s.ics",
    "created_at": "2026-03-02T12:00:00Z",
}


def _calendar(request: Request, feed: CalendarFeed | None) -> Response:
    payload: dict[str, Any] = {"url": None, "created_at": None}
    if feed is not None:
        payload = {
            "url": request.build_absolute_uri(reverse("web:calendar-feed", args=[feed.token])),
            "created_at": feed.created_at,
        }
    return Response(CalendarOutput(payload).data)


class TokenListApi(APIView):
    @extend_schema(
        operation_id="me_tokens_list",
        summary="Your personal API tokens that are not revoked (never their secrets)",
        responses={200: TokenOutput(many=True), **error_responses(401)},
        examples=[OpenApiExample("One token", value=[TOKEN_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request) -> Response:
        tokens = ApiToken.objects.filter(user_id=request.user.pk or 0, revoked_at__isnull=True)
        return Response(TokenOutput(tokens, many=True).data)

    @extend_schema(
        operation_id="me_tokens_create",
        summary="Create a personal API token; its secret is in this answer only",
        description="The token acts as you, with your roles. Only a hash of the secret is kept.",
        request=TokenInput,
        responses={201: TokenCreatedOutput, **error_responses(400, 401)},
        examples=[
            OpenApiExample("Create", value={"name": "Expense sync", "days": 90}, request_only=True),
            OpenApiExample(
                "Created",
                value={**TOKEN_EXAMPLE, "secret": "wp_Yq3vN8kR2mUe7Jt0cXf4LbHs9Ad1Wq6Zn5Pv8Gy3Ko"},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = services.api_token_create(
            actor=request.user, name=data.validated_data["name"], days=data.validated_data["days"]
        )
        token.secret = secret
        return Response(TokenCreatedOutput(token).data, status=status.HTTP_201_CREATED)


class TokenRevokeApi(APIView):
    @extend_schema(
        operation_id="me_tokens_revoke",
        summary="Revoke one of your tokens; it stops working at once",
        request=None,
        responses={204: None, **error_responses(401, 404)},
    )
    def post(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(actor=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarApi(APIView):
    @extend_schema(
        operation_id="me_calendar_retrieve",
        summary="Your calendar feed's secret address (your trips and deadlines as .ics), if created",
        responses={200: CalendarOutput, **error_responses(401)},
        examples=[OpenApiExample("Created", value=CALENDAR_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        return _calendar(request, calendar_feed_for(request.user))


class CalendarResetApi(APIView):
    @extend_schema(
        operation_id="me_calendar_reset",
        summary="Create your calendar address, or replace it (the old address stops working at once)",
        description="Only for people in the organisation tree; an account without a person answers 404.",
        request=None,
        responses={200: CalendarOutput, **error_responses(401, 404)},
        examples=[OpenApiExample("Replaced", value=CALENDAR_EXAMPLE, response_only=True)],
    )
    def post(self, request: Request) -> Response:
        return _calendar(request, notification_services.calendar_feed_reset(actor=request.user))
