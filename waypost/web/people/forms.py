from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waypost.people.choices import SECTORS, JobRole


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = (
            "form-select form-select-sm"
            if isinstance(field.widget, forms.Select)
            else "form-control form-control-sm"
        )
        field.widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _style(self)


class PeopleFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=80)
    role = forms.ChoiceField(label=_("Job role"), required=False, choices=[("", _("Any")), *JobRole.choices])
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("Any"))] + [(key, label) for key, label in SECTORS.items()],
    )


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email, name_latin, unit (required); name_native, manager_email, role, sensitivity, "
            "sectors, language (optional). UTF-8. All rows are checked first; nothing is imported if any row "
            "has a problem."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.WAYPOST_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.")
                % {"max": settings.WAYPOST_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
