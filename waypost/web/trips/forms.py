"""Forms of the trip pages other than the declaration itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.people.models import Person
from waypost.trips.selectors import delegate_candidates
from waypost.web.people.forms import StyledForm


class DelegateForm(StyledForm):
    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=Person.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delegate = self.fields["delegate"]
        assert isinstance(delegate, forms.ModelChoiceField)
        delegate.queryset = delegate_candidates(actor=actor)
