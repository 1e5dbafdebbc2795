"""The oversight filter form: it only renders and carries what was typed; the reports app judges it.

The fields are text fields with select widgets, so an unknown organisation or group is refused
once, by :func:`waypost.reports.filters.filters_parse`, with its own message beside the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from waypost.people.choices import SECTORS
from waypost.reports.filters import group_choices, organisation_choices

from ..invitations.forms import MarkedForm


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OversightFilterForm(MarkedForm):
    organisation = forms.CharField(label=_("Organisation or unit"), required=False, widget=forms.Select)
    sector = forms.CharField(label=_("Sector"), required=False, widget=forms.Select)
    group = forms.CharField(label=_("Destination group"), required=False, widget=forms.Select)
    # "from" is a keyword: the field is added under that name below.
    to = forms.CharField(label=_("To"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "organisation": self.fields["organisation"],
            "sector": self.fields["sector"],
            "group": self.fields["group"],
            "from": forms.CharField(label=_("From"), required=False, widget=_date_widget()),
            "to": self.fields["to"],
        }
        self.fields["from"].widget.attrs["class"] = self.fields["to"].widget.attrs.get("class", "")
        language = (get_language() or "en").lower()
        nodes = organisation_choices(actor)
        self.fields["organisation"].widget.choices = [
            ("", _("All I oversee")),
            *((str(node.pk), "\u2003" * max(node.depth, 0) + node.name) for node in nodes),
        ]
        self.fields["sector"].widget.choices = [
            ("", _("Any")),
            *((key, label) for key, label in SECTORS.items()),
        ]
        self.fields["group"].widget.choices = [("", _("Any")), *group_choices(language)]
