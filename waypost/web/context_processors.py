from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waypost.people.choices import AccessRole
from waypost.people.permissions import OVERSEERS, can_import_people, can_use_admin, can_view_audit_log
from waypost.people.scoping import scope_for


def _delegate(scope: Any) -> bool:
    """Whether someone named the actor their delegate (for now or later): they need the queue."""
    from waypost.core import clock
    from waypost.trips.models import ApprovalDelegate

    if scope.person_id is None:
        return False
    return ApprovalDelegate.objects.filter(delegate_id=scope.person_id, ends_on__gte=clock.today()).exists()


def shell(request: HttpRequest) -> dict[str, Any]:
    """Navigation by role, and the CSP nonce under the name django-htmx expects.

    ``nav_items`` are the daily work, shown in the bar; ``nav_more`` the directory and settings,
    under "More" (so an officer's bar still fits a laptop screen).
    """
    user = getattr(request, "user", None)
    nav: list[tuple[str, Any, str]] = []
    more: list[tuple[str, Any, str]] = []
    roles: set[str] = set()
    if user is not None and user.is_authenticated:
        scope = scope_for(user)
        roles = scope.roles
        nav.append((reverse("web:home"), _("Home"), "house"))
        more.append((reverse("web:people-list"), _("People"), "people"))
        more.append((reverse("web:org-tree"), _("Organisations"), "diagram-3"))
        if scope.person_id is not None or scope.subtree_paths(*OVERSEERS):
            nav.append((reverse("web:trip-list"), _("Trips"), "airplane"))
            nav.append((reverse("web:debrief-list"), _("Debriefs"), "journal-text"))
        if scope.person_id is not None:
            nav.append((reverse("web:invitation-list"), _("Invitations"), "envelope-open"))
        if (
            scope.has_role(AccessRole.APPROVER)
            or scope.has_role(AccessRole.SECURITY_OFFICER)
            or _delegate(scope)
        ):
            nav.append((reverse("web:review-queue"), _("Reviews"), "clipboard-check"))
        nav.append((reverse("web:guidance-list"), _("Guidance"), "signpost-split"))
        if scope.subtree_paths(*OVERSEERS, AccessRole.AUTHORITY_ANALYST):
            nav.append((reverse("web:oversight-dashboard"), _("Oversight"), "speedometer2"))
        if scope.subtree_paths(*OVERSEERS):
            nav.append((reverse("web:incident-list"), _("Incidents"), "exclamation-octagon"))
            nav.append((reverse("web:hit-list"), _("Screening"), "shield-exclamation"))
            nav.append((reverse("web:contact-list"), _("Contacts"), "person-vcard"))
        if can_import_people(user):
            more.append((reverse("web:people-import"), _("Import people"), "upload"))
        if can_view_audit_log(user):
            more.append((reverse("web:audit-log"), _("Audit log"), "journal-check"))
        if scope.has_role(AccessRole.ADMINISTRATOR):
            more.append((reverse("web:webhook-list"), _("Webhooks"), "broadcast"))
        if can_use_admin(user):
            more.append((reverse("admin:index"), _("Administration"), "gear"))
    return {
        "nav_items": nav,
        "nav_more": more,
        "actor_roles": sorted(roles),
        "role_labels": {role.value: role.label for role in AccessRole},
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
