"""Forms of the invitations register: they parse what was typed; the service judges it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.geo.selectors import country_list
from waypost.trips.choices import InvitationChannel, InvitationStatus
from waypost.trips.invitations import EDITABLE_FIELDS, InvitationDecision

from ..people.forms import StyledForm


class MarkedForm(StyledForm):
    """A styled form whose fields at fault carry ``is-invalid`` and ``aria-invalid``."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def add_service_errors(self, fields: Mapping[str, Sequence[str]], message: str = "") -> None:
        """Show a service's ValidationFailed beside each field; what no field shows goes on top."""
        for name, reasons in fields.items():
            target = name if name in self.fields else None
            for reason in reasons:
                self.add_error(target, reason)
        if not fields and message:
            self.add_error(None, message)


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InvitationForm(MarkedForm):
    """The invitation as it arrived; ``invitee`` only for those who may record for others."""

    invitee = forms.EmailField(
        label=_("Invitee (e-mail)"),
        required=False,
        help_text=_("Leave empty to record an invitation of your own."),
    )
    event = forms.CharField(label=_("Event"), max_length=300)
    host_organisation = forms.CharField(label=_("Host organisation"), max_length=300)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"))
    starts_on = forms.DateField(label=_("Starts"), widget=_date_widget())
    ends_on = forms.DateField(label=_("Ends"), widget=_date_widget())
    received_via = forms.ChoiceField(
        label=_("Received via"), choices=InvitationChannel.choices, initial=InvitationChannel.EMAIL
    )
    received_on = forms.DateField(label=_("Received on"), required=False, widget=_date_widget())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, for_others: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["invitee"]
        # Named in the active language, sorted by that name.
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *((c.code, c.name) for c in country_list())]

    def values(self) -> dict[str, Any]:
        """The invitation's fields, as the service takes them."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class InvitationFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("Any")), *InvitationStatus.choices]
    )


class InvitationDecideForm(MarkedForm):
    """Accept or decline: the decision comes from the button pressed, the reason from the box."""

    decision = forms.ChoiceField(label=_("Decision"), choices=InvitationDecision.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline; recorded with the decision."),
    )
