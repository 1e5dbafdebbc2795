"""Routes of the invitations register, inside the ``api`` namespace under /api/v1/."""

from __future__ import annotations

from django.urls import path

from .views import InvitationDecideApi, InvitationDetailApi, InvitationListApi

urlpatterns = [
    path("invitations/", InvitationListApi.as_view(), name="invitations-list"),
    path("invitations/<int:invitation_id>/", InvitationDetailApi.as_view(), name="invitations-detail"),
    path("invitations/<int:invitation_id>/decide/", InvitationDecideApi.as_view(), name="invitations-decide"),
]
