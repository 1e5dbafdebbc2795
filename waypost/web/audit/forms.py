from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import all_types
from waypost.web.people.forms import StyledForm


class AuditFilterForm(StyledForm):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=100)
    target = forms.CharField(label=_("Object"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("Any")), *((t.code, f"{t.label} ({t.code})") for t in all_types())]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data
