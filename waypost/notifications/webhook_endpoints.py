"""Managing webhook endpoints: who may, the reads scoped to them, and the audited writes.

Administrators over an endpoint's owner (``AccessRole.ADMINISTRATOR`` over that node or one above
it) see, create, change, delete and ping it; for everyone else it does not exist (NotFound). Each
write is audited; the secret is never written to the log. Delivery itself is in
:mod:`waypost.notifications.webhooks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core.errors import NotFound, ValidationFailed
from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode
from waypost.people.scoping import scope_for

from . import events as audit_events
from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .webhooks import ping_delivery

__all__ = [
    "can_manage_webhooks",
    "may_manage_any_webhooks",
    "webhook_delivery_list_for",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_get_for",
    "webhook_endpoint_list_for",
    "webhook_endpoint_ping",
    "webhook_endpoint_update",
    "webhook_owner_choices",
]

ENDPOINT_FIELDS = ("owner", "url", "description", "events", "is_active")
EDITABLE = frozenset({"owner", "url", "description", "events", "is_active"})
URL_MAX = 500
DESCRIPTION_MAX = 300


# --- who may ----------------------------------------------------------------------------------


def can_manage_webhooks(actor: Any, node: OrgNode) -> bool:
    """Administrators over ``node`` (granted on it or a node above it)."""
    return scope_for(actor).covers(node.path, AccessRole.ADMINISTRATOR)


def may_manage_any_webhooks(actor: Any) -> bool:
    return bool(scope_for(actor).subtree_paths(AccessRole.ADMINISTRATOR))


def _administered(actor: Any, field: str) -> Q:
    paths = scope_for(actor).subtree_paths(AccessRole.ADMINISTRATOR)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


# --- reads ------------------------------------------------------------------------------------


def webhook_owner_choices(actor: Any) -> QuerySet[OrgNode]:
    """The organisation nodes the actor administers: the possible owners of an endpoint."""
    return OrgNode.objects.filter(_administered(actor, "path")).order_by("path")


def webhook_endpoint_list_for(actor: Any) -> QuerySet[WebhookEndpoint]:
    """Endpoints the actor administers, each with its latest delivery's status, event and time."""
    latest = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        WebhookEndpoint.objects.filter(_administered(actor, "owner__path"))
        .select_related("owner")
        .annotate(
            last_status=Subquery(latest.values("status")[:1]),
            last_event=Subquery(latest.values("event")[:1]),
            last_at=Subquery(latest.values("created_at")[:1]),
        )
    )


def webhook_endpoint_get_for(actor: Any, endpoint_id: Any) -> WebhookEndpoint:
    """One endpoint the actor administers; NotFound for a missing one and another's alike."""
    try:
        return (
            WebhookEndpoint.objects.filter(_administered(actor, "owner__path"))
            .select_related("owner", "created_by")
            .get(pk=int(endpoint_id))
        )
    except (WebhookEndpoint.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def webhook_delivery_list_for(actor: Any, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """An endpoint's deliveries, newest first (NotFound unless the actor administers it)."""
    if not can_manage_webhooks(actor, endpoint.owner):
        raise NotFound()
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")


# --- checks -----------------------------------------------------------------------------------


def _check_url(value: Any, problems: dict[str, list[str]]) -> str:
    url = str(value or "").strip()
    if not url:
        problems["url"] = [_("Enter the address that receives the events.")]
    elif len(url) > URL_MAX:
        problems["url"] = [_("At most %(max)s characters.") % {"max": URL_MAX}]
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems["url"] = [
                _("Enter a full http:// or https:// address, e.g. https://hooks.example.org/waypost.")
            ]
    return url


def _check_events(value: Any, problems: dict[str, list[str]]) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        problems["events"] = [_("Choose at least one event.")]
        return []
    codes = list(dict.fromkeys(str(code) for code in value))
    unknown = [code for code in codes if code not in WebhookEvent.values]
    if unknown:
        problems["events"] = [
            _("Unknown event: %(codes)s. Choose among %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(WebhookEvent.values)}
        ]
    elif not codes:
        problems["events"] = [_("Choose at least one event.")]
    return [code for code in WebhookEvent.values if code in codes]  # in a stable order


def _check_description(value: Any, problems: dict[str, list[str]]) -> str:
    description = str(value or "").strip()
    if len(description) > DESCRIPTION_MAX:
        problems["description"] = [_("At most %(max)s characters.") % {"max": DESCRIPTION_MAX}]
    return description


def _check_owner(actor: Any, value: Any, problems: dict[str, list[str]]) -> OrgNode | None:
    node: OrgNode | None
    if isinstance(value, OrgNode):
        node = value
    else:
        try:
            node = OrgNode.objects.filter(pk=int(value)).first() if value not in (None, "") else None
        except (TypeError, ValueError):
            node = None
    if node is None or not can_manage_webhooks(actor, node):
        problems["owner"] = [_("Choose an organisation you administer.")]
        return None
    return node


# --- writes -----------------------------------------------------------------------------------


@transaction.atomic
def webhook_endpoint_create(
    *, actor: Any, owner: OrgNode | int | None, url: str, description: str = "", events: Iterable[str]
) -> WebhookEndpoint:
    """Register an endpoint for ``owner``'s subtree with a new random secret; audited.

    Raises ValidationFailed naming each field at fault (an address that is not http(s), an
    unknown or no event, an organisation the actor does not administer).
    """
    problems: dict[str, list[str]] = {}
    node = _check_owner(actor, owner, problems)
    clean_url = _check_url(url, problems)
    clean_events = _check_events(events, problems)
    clean_description = _check_description(description, problems)
    if problems or node is None:
        raise ValidationFailed(fields=problems)
    endpoint = WebhookEndpoint(
        owner=node,
        url=clean_url,
        description=clean_description,
        events=clean_events,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    endpoint.full_clean()
    endpoint.save()
    record(
        event=audit_events.WEBHOOK_ENDPOINT_CREATED,
        actor=actor,
        target=endpoint,
        after=snapshot(endpoint, ENDPOINT_FIELDS),
    )
    return endpoint


def _locked(actor: Any, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    locked = (
        WebhookEndpoint.objects.select_for_update().select_related("owner").filter(pk=endpoint.pk).first()
    )
    if locked is None or not can_manage_webhooks(actor, locked.owner):
        raise NotFound()
    return locked


@transaction.atomic
def webhook_endpoint_update(
    *, actor: Any, endpoint: WebhookEndpoint, changes: Mapping[str, Any]
) -> WebhookEndpoint:
    """Change some of owner, url, description, events and is_active; audited with before and after.

    A deactivated endpoint receives nothing: new events skip it, and deliveries already queued
    fail with "The endpoint is inactive." when their turn comes.
    """
    endpoint = _locked(actor, endpoint)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be changed.")] for name in unknown})
    problems: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if "owner" in changes:
        values["owner"] = _check_owner(actor, changes["owner"], problems)
    if "url" in changes:
        values["url"] = _check_url(changes["url"], problems)
    if "events" in changes:
        values["events"] = _check_events(changes["events"], problems)
    if "description" in changes:
        values["description"] = _check_description(changes["description"], problems)
    if "is_active" in changes:
        values["is_active"] = bool(changes["is_active"])
    if problems:
        raise ValidationFailed(fields=problems)
    before = snapshot(endpoint, ENDPOINT_FIELDS)
    for name, value in values.items():
        setattr(endpoint, name, value)
    after = snapshot(endpoint, ENDPOINT_FIELDS)
    if after == before:
        return endpoint
    endpoint.full_clean()
    endpoint.save()
    record(
        event=audit_events.WEBHOOK_ENDPOINT_UPDATED, actor=actor, target=endpoint, before=before, after=after
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor: Any, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint and its delivery history; audited (what it was is kept in the log)."""
    endpoint = _locked(actor, endpoint)
    before = snapshot(endpoint, ENDPOINT_FIELDS)
    record(
        event=audit_events.WEBHOOK_ENDPOINT_DELETED,
        actor=actor,
        target=endpoint,
        before=before,
        extra={"deliveries": endpoint.deliveries.count()},
    )
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_ping(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a signed ``ping`` event for the endpoint (sent once this commits); audited.

    An inactive endpoint is refused (ValidationFailed on ``is_active``): it would not be sent.
    """
    endpoint = _locked(actor, endpoint)
    if not endpoint.is_active:
        message = _("The endpoint is inactive: activate it first.")
        raise ValidationFailed(message, code="inactive", fields={"is_active": [message]})
    delivery = ping_delivery(endpoint)
    record(
        event=audit_events.WEBHOOK_ENDPOINT_PINGED,
        actor=actor,
        target=endpoint,
        extra={"event_id": str(delivery.event_id)},
    )
    return delivery
