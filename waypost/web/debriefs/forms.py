"""The debrief form: the answers JSON both ways, one form per place and per contact.

Nothing typed is lost: :meth:`DebriefForm.parse` reads the answers exactly as posted (valid or
not), and the page is always drawn from stored or typed answers (:meth:`DebriefForm.from_answers`),
so what is shown is what is kept. Problems come from :func:`waypost.debriefs.answers.problems`
keyed by path (``contacts[1].met_on``); :meth:`DebriefForm.add_problems` puts each one beside its
field and in the summary at the top.

Rows are numbered as in the answers' lists (blank rows included), which is how problems number them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from waypost.debriefs.answers import CONTACTS_MAX, PLACES_MAX
from waypost.debriefs.choices import ContactKind, HowMet

from ..trips.declare_forms import FastSelect

#: Rows a posted form may hold: the answers' limits and some room, so that too many is reported, not dropped.
ROWS_MAX = max(PLACES_MAX, CONTACTS_MAX) + 50
ACTIONS = ("save", "submit", "add_place", "add_contact", "remove_place", "remove_contact")
YES_NO = [("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))]
_PATH = re.compile(r"(places|contacts)\[([0-9]+)\](?:\.([a-z_]+))?")


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


def _text(label: Any, *, rows: int = 0) -> forms.CharField:
    widget: forms.Widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, strip=False, widget=widget)


def _date(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=False, widget=forms.TextInput(attrs={"type": "date"})
    )


def _country(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=_country_choices, widget=FastSelect)


class _Styled(forms.Form):
    """Bootstrap classes on every widget; a value outside a choice list is kept and shown, not refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, item in self.fields.items():
            widget = item.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(item, forms.ChoiceField):
                value = self[name].value()
                if isinstance(value, str) and value and not item.valid_value(value):
                    known: Any = item.choices
                    item.choices = [*known, (value, value)]

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name != NON_FIELD_ERRORS:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class _Row(_Styled):
    #: JSON key → field name, for the text and choice values of a row.
    keys: ClassVar[dict[str, str]] = {}
    flags: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def read(cls, data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        """The row as posted, every text value exactly as typed."""
        row: dict[str, Any] = {key: str(data.get(f"{prefix}-{name}", "")) for key, name in cls.keys.items()}
        for flag in cls.flags:
            row[flag] = str(data.get(f"{prefix}-{flag}", "")) not in ("", "False", "false")
        return row

    @classmethod
    def bound_data(cls, row: Mapping[str, Any], prefix: str) -> dict[str, Any]:
        """The bound data that shows ``row`` (an item of the answers) in this form."""
        out: dict[str, Any] = {}
        for key, name in cls.keys.items():
            value = row.get(key)
            out[f"{prefix}-{name}"] = "" if value is None else str(value)
        for flag in cls.flags:
            if row.get(flag) is True:
                out[f"{prefix}-{flag}"] = "on"
        return out

    def field_for(self, key: str) -> str | None:
        return self.keys.get(key) or (key if key in self.flags else None)


class PlaceForm(_Row):
    keys: ClassVar[dict[str, str]] = {"city": "city", "country": "country", "from": "arrived", "to": "left"}

    city = _text(gettext_lazy("City"))
    country = _country(gettext_lazy("Country"))
    arrived = _date(gettext_lazy("From"))
    left = _date(gettext_lazy("To"))

    @staticmethod
    def blank() -> dict[str, Any]:
        return {"city": "", "country": "", "from": "", "to": ""}


class ContactForm(_Row):
    keys: ClassVar[dict[str, str]] = {
        "name": "name",
        "name_latin": "name_latin",
        "kind": "kind",
        "organisation": "organisation",
        "country": "country",
        "role": "role",
        "met_on": "met_on",
        "where": "where",
        "how": "how",
        "topics": "topics",
        "follow_up": "follow_up",
    }
    flags: ClassVar[tuple[str, ...]] = ("asked_about_work", "asked_to_stay_in_touch", "planned")

    name = _text(gettext_lazy("Name as written"))
    name_latin = _text(gettext_lazy("Name in Latin letters"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Person or organisation"), required=False, choices=ContactKind.choices
    )
    organisation = _text(gettext_lazy("Organisation"))
    country = _country(gettext_lazy("Country"))
    role = _text(gettext_lazy("Role or job title"))
    met_on = _date(gettext_lazy("Date met"))
    where = _text(gettext_lazy("Where you met"))
    how = forms.ChoiceField(
        label=gettext_lazy("How you met"), required=False, choices=[("", "—"), *HowMet.choices]
    )
    topics = _text(gettext_lazy("Topics discussed"), rows=2)
    follow_up = _text(gettext_lazy("Follow-up planned"), rows=2)
    asked_about_work = forms.BooleanField(label=gettext_lazy("They asked about my work"), required=False)
    asked_to_stay_in_touch = forms.BooleanField(
        label=gettext_lazy("They asked to stay in touch"), required=False
    )
    planned = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def blank() -> dict[str, Any]:
        row: dict[str, Any] = dict.fromkeys(ContactForm.keys, "")
        row["kind"] = ContactKind.PERSON.value
        row.update(dict.fromkeys(ContactForm.flags, False))
        return row

    def is_planned(self) -> bool:
        return self["planned"].value() in (True, "on", "True")


class AnswersForm(_Styled):
    """The debrief's own questions (everything but the lists), and the revision the page was drawn from."""

    texts: ClassVar[tuple[str, ...]] = (
        "changes",
        "activities",
        "information_shared",
        "gifts",
        "devices_out_of_control",
        "devices_detail",
        "suspicious",
        "suspicious_detail",
    )

    revision = forms.CharField(required=False, widget=forms.HiddenInput)
    changes = _text(gettext_lazy("What changed from the plan"), rows=3)
    activities = _text(gettext_lazy("What you did on the trip"), rows=4)
    no_contacts = forms.BooleanField(label=gettext_lazy("I met nobody worth reporting"), required=False)
    information_shared = _text(gettext_lazy("Information you shared"), rows=3)
    gifts = _text(gettext_lazy("Gifts and hospitality received or given"), rows=3)
    devices_out_of_control = forms.ChoiceField(
        label=gettext_lazy(
            "Were any of your devices out of your control (inspected, taken away, left alone)?"
        ),
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    devices_detail = _text(gettext_lazy("What happened to the devices"), rows=2)
    suspicious = forms.ChoiceField(
        label=gettext_lazy("Did anything suspicious or unusual happen?"),
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    suspicious_detail = _text(gettext_lazy("What happened"), rows=2)


@dataclass
class Posted:
    """A posted debrief form: the answers as typed, the revision it was drawn from, the button pressed."""

    answers: dict[str, Any]
    revision: int | None
    action: str
    #: The row a "Remove" button named.
    index: int | None = None


@dataclass
class Problem:
    label: str
    message: str
    anchor: str


@dataclass
class DebriefForm:
    """The whole page's forms, drawn from one answers object."""

    main: AnswersForm
    places: list[PlaceForm]
    contacts: list[ContactForm]
    #: Problems with a list as a whole ("places", "contacts").
    section_errors: dict[str, list[str]] = field(default_factory=dict)
    summary: list[Problem] = field(default_factory=list)

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any], revision: int | None) -> DebriefForm:
        data: dict[str, Any] = {"revision": "" if revision is None else str(revision)}
        for name in AnswersForm.texts:
            value = answers.get(name)
            data[name] = "" if value is None else str(value)
        if answers.get("no_contacts") is True:
            data["no_contacts"] = "on"
        places = _rows(answers.get("places"))
        contacts = _rows(answers.get("contacts"))
        for index, row in enumerate(places):
            data.update(PlaceForm.bound_data(row, f"places-{index}"))
        for index, row in enumerate(contacts):
            data.update(ContactForm.bound_data(row, f"contacts-{index}"))
        return cls(
            main=AnswersForm(data),
            places=[PlaceForm(data, prefix=f"places-{index}") for index in range(len(places))],
            contacts=[ContactForm(data, prefix=f"contacts-{index}") for index in range(len(contacts))],
        )

    @staticmethod
    def parse(data: Mapping[str, Any]) -> Posted | None:
        """The answers as posted, or None when the form arrived incomplete (its row counts missing)."""
        counts = []
        for name in ("places-count", "contacts-count"):
            raw = str(data.get(name, ""))
            if not raw.isdigit() or int(raw) > ROWS_MAX:
                return None
            counts.append(int(raw))
        action = next((name for name in ACTIONS if name in data), "save")
        index: int | None = None
        if action in ("remove_place", "remove_contact"):
            raw = str(data.get(action, ""))
            index = int(raw) if raw.isdigit() else None
        answers: dict[str, Any] = {}
        places = [PlaceForm.read(data, f"places-{row}") for row in range(counts[0])]
        contacts = [ContactForm.read(data, f"contacts-{row}") for row in range(counts[1])]
        if action == "remove_place" and index is not None and index < len(places):
            del places[index]
        if action == "remove_contact" and index is not None and index < len(contacts):
            del contacts[index]
        if action == "add_place":
            places.append(PlaceForm.blank())
        if action == "add_contact":
            contacts.append(ContactForm.blank())
        answers["places"] = places
        for name in ("changes", "activities"):
            answers[name] = str(data.get(name, ""))
        answers["no_contacts"] = "no_contacts" in data
        answers["contacts"] = contacts
        for name in AnswersForm.texts:
            answers.setdefault(name, str(data.get(name, "")))
        raw_revision = str(data.get("revision", ""))
        revision = int(raw_revision) if raw_revision.isdigit() else None
        return Posted(answers=answers, revision=revision, action=action, index=index)

    def forms(self) -> Iterator[_Styled]:
        yield self.main
        yield from self.places
        yield from self.contacts

    def add_problems(self, problems: Mapping[str, list[str]]) -> None:
        """Put each problem beside its field (or its list, or the top of the form) and in the summary."""
        for path, messages in problems.items():
            for message in messages:
                self._add(path, str(message))
        for form in self.forms():
            form.mark_invalid()

    def _add(self, path: str, message: str) -> None:
        match = _PATH.fullmatch(path)
        if match:
            section, index, key = match[1], int(match[2]), match[3] or ""
            rows: list[Any] = self.places if section == "places" else self.contacts
            number = index + 1
            if index < len(rows):
                form = rows[index]
                name = form.field_for(key)
                if name:
                    form.add_error(name, message)
                    label = form.fields[name].label
                    self.summary.append(
                        Problem(self._row_label(section, number, label), message, form[name].auto_id)
                    )
                    return
            self.section_errors.setdefault(section, []).append(message)
            self.summary.append(
                Problem(self._row_label(section, number, None), message, f"{section}-{index}")
            )
            return
        if path in ("places", "contacts"):
            self.section_errors.setdefault(path, []).append(message)
            self.summary.append(Problem(self._section_label(path), message, f"section-{path}"))
            return
        if path in self.main.fields:
            self.main.add_error(path, message)
            self.summary.append(Problem(str(self.main.fields[path].label), message, self.main[path].auto_id))
            return
        self.main.add_error(None, message)
        self.summary.append(Problem("", message, "debrief-form"))

    @staticmethod
    def _section_label(section: str) -> str:
        return _("Places visited") if section == "places" else _("Contacts")

    @staticmethod
    def _row_label(section: str, number: int, label: Any) -> str:
        if section == "places":
            row = _("Place %(number)s") % {"number": number}
        else:
            row = _("Contact %(number)s") % {"number": number}
        return f"{row} · {label}" if label else row


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
