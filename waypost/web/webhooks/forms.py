"""Forms of the webhook pages: they parse what was typed; the service judges it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.notifications.models import WebhookEvent
from waypost.people.models import OrgNode

from ..invitations.forms import MarkedForm


class WebhookEndpointForm(MarkedForm):
    """Create (``owners`` offered) or edit (also ``is_active``) an endpoint."""

    owner = forms.ChoiceField(
        label=_("Organisation"),
        help_text=_("Events of this organisation and everything under it are sent."),
    )
    url = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("An http:// or https:// address. Redirects are not followed."),
        error_messages={"required": _("Enter the address that receives the events.")},
        widget=forms.TextInput(
            attrs={"inputmode": "url", "placeholder": "https://hooks.example.org/waypost"}
        ),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose at least one event."),
            "invalid_choice": _("Unknown event: %(value)s."),
        },
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive endpoint receives nothing, not even deliveries already queued."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, owners: Iterable[OrgNode], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [("", "—"), *((str(node.pk), f"{'· ' * node.depth}{node.name}") for node in owners)]
        if not editing:
            del self.fields["is_active"]

    def values(self) -> dict[str, Any]:
        """The fields as the service takes them."""
        return {name: self.cleaned_data[name] for name in self.fields}
