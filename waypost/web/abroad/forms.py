"""Forms of the traveller abroad: they parse what was typed; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.geo.selectors import country_list
from waypost.trips.models import IncidentKind, IncidentStatus, SafeNow

from ..invitations.forms import MarkedForm

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _countries(field: forms.Field) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", "—"), *((c.code, c.name) for c in country_list())]


class CheckInForm(MarkedForm):
    """One tap: everything is optional."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _countries(self.fields["country"])


class IncidentForm(MarkedForm):
    kind = forms.ChoiceField(label=_("What happened"), choices=[("", "—"), *IncidentKind.choices])
    occurred_at = forms.DateTimeField(
        label=_("When"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City or place"), required=False, max_length=120)
    description = forms.CharField(
        label=_("What happened, in your words"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    safe_now = forms.ChoiceField(label=_("Are you safe now?"), choices=[("", "—"), *SafeNow.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _countries(self.fields["country"])


class IncidentOfficerForm(MarkedForm):
    """Acknowledge, record an action, or close: the button pressed names it."""

    ACTIONS = (("acknowledge", _("Acknowledge")), ("action", _("Record an action")), ("close", _("Close")))

    action = forms.ChoiceField(choices=ACTIONS)
    text = forms.CharField(
        label=_("Note or action taken"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IncidentFilterForm(MarkedForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *IncidentStatus.choices]
    )
