from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.policy.samples import SAMPLE_TRIP


class GuidanceEditorForm(forms.Form):
    source = forms.CharField(
        label=_("Guidance (YAML)"),
        widget=forms.Textarea(
            attrs={"rows": 28, "spellcheck": "false", "class": "form-control font-monospace"}
        ),
        max_length=200_000,
        strip=False,
    )
    sample_trip = forms.CharField(
        label=_("Sample trip (JSON)"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 14, "spellcheck": "false", "class": "form-control font-monospace"}
        ),
        max_length=50_000,
        strip=False,
        initial=json.dumps(SAMPLE_TRIP, indent=2),
    )

    def sample(self) -> tuple[dict[str, Any] | None, str]:
        """The sample trip decoded, or None and the reason it could not be read."""
        text = (self.data.get("sample_trip") or "").strip() if self.is_bound else ""
        if not text:
            return SAMPLE_TRIP, ""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            return None, str(_("Sample trip, line %(line)s: %(reason)s")) % {
                "line": error.lineno,
                "reason": error.msg,
            }
        if not isinstance(data, dict):
            return None, str(_("Sample trip: expected a JSON object."))
        return data, ""


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("retire", "retire"), ("discard", "discard")])


class CountryGroupForm(forms.Form):
    slug = forms.SlugField(label=_("Identifier"), max_length=60)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_de = forms.CharField(label=_("Name (German)"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    members = forms.CharField(
        label=_("Countries"),
        help_text=_("ISO codes separated by spaces or commas, e.g. CN HK MO."),
        max_length=2000,
    )
    owner = forms.ChoiceField(label=_("Owner"))
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]


class BriefingForm(forms.Form):
    """A briefing in the three languages; English required. The identifier is set once."""

    slug = forms.SlugField(label=_("Identifier (as rules name it)"), max_length=80)
    issuer = forms.ChoiceField(label=_("Issuer"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_de = forms.CharField(label=_("Title (German)"), max_length=200, required=False)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Text (English, Markdown)"), widget=forms.Textarea(attrs={"rows": 12}), max_length=50_000
    )
    body_de = forms.CharField(
        label=_("Text (German, Markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        required=False,
    )
    body_zh = forms.CharField(
        label=_("Text (Chinese, Markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        required=False,
    )

    def __init__(
        self, *args: Any, issuers: list[tuple[str, str]], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        issuer = self.fields["issuer"]
        assert isinstance(issuer, forms.ChoiceField)
        issuer.choices = issuers
        if editing:
            self.fields["slug"].disabled = True
            self.fields["issuer"].disabled = True
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def texts(self) -> tuple[dict[str, str], dict[str, str]]:
        data = self.cleaned_data
        title = {"en": data["title_en"], "de": data["title_de"], "zh-hans": data["title_zh"]}
        body = {"en": data["body_en"], "de": data["body_de"], "zh-hans": data["body_zh"]}
        return title, body
