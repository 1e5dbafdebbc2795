"""Routes of the invitations register."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_new, name="invitation-new"),
    path("invitations/<int:invitation_id>/", views.invitation_detail, name="invitation-detail"),
    path("invitations/<int:invitation_id>/edit/", views.invitation_edit, name="invitation-edit"),
    path("invitations/<int:invitation_id>/decide/", views.invitation_decide, name="invitation-decide"),
]
