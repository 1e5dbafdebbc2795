"""The invitations register: list and record invitations, read and correct one, decide it.

Each view parses, calls a selector or service of :mod:`waypost.trips.invitations`, and
serializes. Invitations are found through the selectors, so a missing and a forbidden one both
answer 404; one the actor may see but not change answers 403; a decided one answers 409 to any
further change.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import PermissionDenied
from waypost.trips import invitations
from waypost.trips.choices import InvitationStatus

from ..errors import error_responses
from ..pagination import Pagination
from .serializers import (
    InvitationCreateInput,
    InvitationDecideInput,
    InvitationInput,
    InvitationListQuery,
    InvitationOutput,
)

CREATE_EXAMPLE = {
    "event": "NeurIPS 2026",
    "host_organisation": "Neural Information Processing Systems Foundation",
    "city": "Montréal",
    "country": "CA",
    "starts_on": "2026-03-02",
    "ends_on": "2026-03-06",
    "received_via": "email",
    "received_on": "2026-01-10",
    "notes": "Invited to give a keynote.",
}
OUTPUT_EXAMPLE = {
    "id": 7,
    "invitee": 12,
    "invitee_name": "Alice Wang",
    **CREATE_EXAMPLE,
    "country_name": "Canada",
    "status": "accepted",
    "decision_reason": "Keynote on our published work.",
    "decided_at": "2026-01-12T09:00:00Z",
    "decided_by": 12,
    "trip": 31,
    "created_at": "2026-01-11T08:15:00Z",
    "updated_at": "2026-01-12T09:00:00Z",
}
RECORDED_EXAMPLE = {
    **OUTPUT_EXAMPLE,
    "status": "pending",
    "decision_reason": "",
    "decided_at": None,
    "decided_by": None,
    "trip": None,
}
INVALID_EXAMPLE = {
    "error": {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {
            "ends_on": ["The event cannot end before it starts."],
            "country": ["“XX” is not a country code (two letters, ISO 3166, e.g. DE)."],
        },
    }
}


class InvitationListApi(APIView):
    @extend_schema(
        operation_id="invitations_list",
        summary="Invitations visible to you, newest event first",
        description=(
            "Your own invitations, your direct reports', and, for security officers, auditors and "
            "administrators, those of everyone in the subtrees they hold the role over."
        ),
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=InvitationStatus.values,
                description="Only invitations with this decision",
            )
        ],
        responses={200: InvitationOutput(many=True), **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        query = InvitationListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        listed = invitations.invitation_list_for(request.user, status=query.validated_data.get("status"))
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(listed, request, view=self)
        return paginator.get_paginated_response(InvitationOutput(page, many=True).data)

    @extend_schema(
        operation_id="invitations_create",
        summary="Record an invitation (pending until decided)",
        description=(
            "For yourself unless `invitee` names someone you may record for (administrators and "
            "security officers over that person's unit). Errors name each field at fault, in your "
            "language."
        ),
        request=InvitationCreateInput,
        responses={201: InvitationOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample("A conference invitation", value=CREATE_EXAMPLE, request_only=True),
            OpenApiExample(
                "Recorded",
                value=RECORDED_EXAMPLE,
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample("Invalid", value=INVALID_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def post(self, request: Request) -> Response:
        data = InvitationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        invitee_id = values.pop("invitee", None)
        invitee = None
        if invitee_id is not None:
            invitee = invitations.invitee_get_for(request.user, person_id=invitee_id)
        invitation = invitations.invitation_create(actor=request.user, invitee=invitee, **values)
        invitation = invitations.invitation_get_for(request.user, invitation.pk)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailApi(APIView):
    @extend_schema(
        operation_id="invitations_retrieve",
        summary="One invitation, with its decision and the trip accepting it started",
        description="A read by anyone but the invitee is recorded in the audit log.",
        responses={200: InvitationOutput, **error_responses(401, 404)},
        examples=[OpenApiExample("Accepted", value=OUTPUT_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, invitation_id: int) -> Response:
        invitation = invitations.invitation_get_for(request.user, invitation_id, audit=True)
        return Response(InvitationOutput(invitation).data)

    @extend_schema(
        operation_id="invitations_partial_update",
        summary="Correct a pending invitation",
        description=(
            "Only the fields given change. The invitee, and administrators and security officers "
            "over them, may correct an invitation while it is pending; a decided one answers 409."
        ),
        request=InvitationInput(partial=True),
        responses={200: InvitationOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("New dates", value={"starts_on": "2026-03-03", "ends_on": "2026-03-07"}),
        ],
    )
    def patch(self, request: Request, invitation_id: int) -> Response:
        invitation = invitations.invitation_get_for(request.user, invitation_id)
        if not invitations.can_edit_invitation(request.user, invitation):
            raise PermissionDenied()
        data = InvitationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        invitations.invitation_update(actor=request.user, invitation=invitation, **data.validated_data)
        return Response(InvitationOutput(invitations.invitation_get_for(request.user, invitation_id)).data)


class InvitationDecideApi(APIView):
    @extend_schema(
        operation_id="invitations_decide",
        summary="Accept or decline a pending invitation",
        description=(
            "The invitee (or an administrator over them) decides once; a second decision answers "
            "409. Declining needs a `reason`. Accepting starts a draft trip for the invitee with a "
            "stay in the event's city for its dates (the answer's `trip`), to be completed with "
            "legs; a declined invitation stays on record without a trip. The invitee's manager is "
            "told in the app."
        ),
        request=InvitationDecideInput,
        responses={200: InvitationOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Accept", value={"decision": "accept", "reason": "Keynote on our published work."}
            ),
            OpenApiExample(
                "Decline", value={"decision": "decline", "reason": "Clashes with the annual review."}
            ),
            OpenApiExample("Accepted", value=OUTPUT_EXAMPLE, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "Declined without a reason",
                value={
                    "error": {
                        "code": "invalid",
                        "message": "Some fields are not valid.",
                        "fields": {"reason": ["Give the reason for declining."]},
                    }
                },
                response_only=True,
                status_codes=["400"],
            ),
            OpenApiExample(
                "Already decided",
                value={
                    "error": {
                        "code": "already_decided",
                        "message": (
                            "This invitation was already decided (Accepted); it can no longer be changed."
                        ),
                        "fields": {},
                    }
                },
                response_only=True,
                status_codes=["409"],
            ),
        ],
    )
    def post(self, request: Request, invitation_id: int) -> Response:
        invitation = invitations.invitation_get_for(request.user, invitation_id)
        if not invitations.can_decide_invitation(request.user, invitation):
            raise PermissionDenied()
        data = InvitationDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitations.invitation_decide(
            actor=request.user,
            invitation=invitation,
            decision=data.validated_data["decision"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(InvitationOutput(invitations.invitation_get_for(request.user, invitation_id)).data)
