"""The declaration form: the trip's own fields, a formset per list, and the trip JSON both ways.

Nothing typed is lost (DESIGN.md §5): :meth:`Declaration.facts` builds the trip JSON of DESIGN.md §3
from the raw values as typed, valid or not, so a draft keeps everything. Validation only adds
errors beside the fields. The engine reports its problems by JSON path (``legs[1].arrive``);
:meth:`Declaration.add_problems` puts each one beside the value it concerns.

Rows are bound to JSON items in order: the n-th row that is neither removed nor blank is item n.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.forms.formsets import DELETION_FIELD_NAME, BaseFormSet, formset_factory
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from waypost.geo.airports import airport_lookup
from waypost.trips.fastentry import MAX_UPLOAD_BYTES

PURPOSES = [
    ("conference", gettext_lazy("Conference")),
    ("meeting", gettext_lazy("Meeting")),
    ("research-collaboration", gettext_lazy("Research collaboration")),
    ("site-visit", gettext_lazy("Site visit")),
    ("training", gettext_lazy("Training")),
    ("teaching", gettext_lazy("Teaching")),
    ("negotiation", gettext_lazy("Negotiation")),
    ("trade-fair", gettext_lazy("Trade fair")),
    ("personal", gettext_lazy("Personal")),
    ("other", gettext_lazy("Other")),
]
MODES = [
    ("air", gettext_lazy("Air")),
    ("rail", gettext_lazy("Rail")),
    ("road", gettext_lazy("Road")),
    ("sea", gettext_lazy("Sea")),
]
DEVICE_KINDS = [
    ("", "—"),
    ("laptop", gettext_lazy("Laptop")),
    ("phone", gettext_lazy("Phone")),
    ("tablet", gettext_lazy("Tablet")),
    ("storage", gettext_lazy("USB drive or disk")),
    ("other", gettext_lazy("Other device")),
]
OWNERS = [("", "—"), ("organisation", gettext_lazy("Organisation")), ("personal", gettext_lazy("Personal"))]

#: The top-level keys of the trip JSON this form writes; any other key stored on a trip is kept.
MANAGED_KEYS = frozenset(
    {"purpose", "legs", "stays", "events", "meetings", "devices", "data", "companions", "emergency_contact"}
)

#: Airline designator (two characters, at least one a letter), 1-4 digits, an optional suffix letter.
_FLIGHT = re.compile(r"(?:[A-Z][A-Z0-9]|[0-9][A-Z]) ?[0-9]{1,4}[A-Z]?")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")
_PATH = re.compile(r"([a-z_]+)(?:\[([0-9]+)\])?(?:\.(.+))?")


def _required() -> str:
    return _("This field is required.")


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


class FastSelect(forms.Select):
    """A select rendered in Python: a page holds dozens of country lists of ~250 options each."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        current = self.format_value(value)
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                code,
                mark_safe(" selected") if str(code) in current else "",
                label,
            )
            for code, label in self.choices
        ]
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


def _text(label: Any, *, max_length: int = 200, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.TextInput(attrs=attrs)
    )


def _date(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs={"type": "date"}))


def _time(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs={"type": "time"}))


def _country(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=_country_choices, widget=FastSelect)


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Styled(forms.Form):
    """Bootstrap classes on every widget; a value outside a choice list is kept, not refused.

    A trip saved through the API may hold a purpose or a country the lists do not know; the
    select then shows it, and the engine (not the form) says what is wrong with it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.ChoiceField):
                value = self[name].value()
                if isinstance(value, str) and value and not field.valid_value(value):
                    known: Any = field.choices
                    field.choices = [*known, (value, value)]

    def raw(self, name: str) -> Any:
        """The value as typed (bound) or given (initial), stripped."""
        value = self[name].value()
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str) -> str:
        value = self.raw(name)
        return value if isinstance(value, str) else ("" if value is None else str(value))

    def error_fields(self) -> list[str]:
        return [name for name in self.errors if name != NON_FIELD_ERRORS]


class _Row(_Styled):
    """One item of a list. ``keys`` maps its JSON keys to field names; ``needed`` must be filled."""

    keys: ClassVar[dict[str, str]] = {}
    needed: ClassVar[tuple[str, ...]] = ()
    #: JSON keys holding dates, and pairs (start, end) that must be in order (those the engine ignores).
    dates: ClassVar[tuple[str, ...]] = ()
    ordered: ClassVar[tuple[str, str] | None] = None
    end_before_start: ClassVar[Any] = ""

    def is_blank(self) -> bool:
        return not any(self.text(name) for name in self.keys.values())

    def is_removed(self) -> bool:
        return DELETION_FIELD_NAME in self.fields and bool(self.raw(DELETION_FIELD_NAME))

    def to_json(self) -> dict[str, Any]:
        return {key: self.text(name) for key, name in self.keys.items() if self.text(name)}

    @classmethod
    def values_from_json(cls, item: Mapping[str, Any]) -> dict[str, Any]:
        return {name: item.get(key) for key, name in cls.keys.items() if item.get(key) not in (None, "")}

    def field_for(self, rest: str | None) -> str | None:
        """The field showing the JSON path ``rest`` inside this item (None: the row as a whole)."""
        return self.keys.get(rest.split(".")[0]) if rest else None

    def related(self, name: str) -> tuple[str, ...]:
        return (name,)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_blank():
            return cleaned
        for key in self.needed:
            if not self.text(self.keys[key]):
                self.add_error(self.keys[key], _required())
        for key in self.dates:
            value = self.text(self.keys[key])
            if value and not _is_date(value):
                self.add_error(self.keys[key], _("Enter a valid date."))
        if self.ordered:
            start, end = (self.text(self.keys[key]) for key in self.ordered)
            if _is_date(start) and _is_date(end) and end < start:
                self.add_error(self.keys[self.ordered[1]], str(self.end_before_start))
        return cleaned


class LegForm(_Row):
    """A journey: by air between airports (codes), otherwise between cities; local times."""

    mode = forms.ChoiceField(label=gettext_lazy("Travel by"), choices=MODES, initial="air", required=False)
    flight = _text(gettext_lazy("Flight"), max_length=12, autocapitalize="characters")
    from_airport = _text(gettext_lazy("From (airport code)"), max_length=8, autocapitalize="characters")
    from_city = _text(gettext_lazy("From (city)"))
    from_country = _country(gettext_lazy("Country"))
    from_tz = _text(gettext_lazy("Time zone"), max_length=64, list="time-zones")
    to_airport = _text(gettext_lazy("To (airport code)"), max_length=8, autocapitalize="characters")
    to_city = _text(gettext_lazy("To (city)"))
    to_country = _country(gettext_lazy("Country"))
    to_tz = _text(gettext_lazy("Time zone"), max_length=64, list="time-zones")
    depart_date = _date(gettext_lazy("Departure date"))
    depart_time = _time(gettext_lazy("Departure time (local)"))
    arrive_date = _date(gettext_lazy("Arrival date"))
    arrive_time = _time(gettext_lazy("Arrival time (local)"))

    PLACE_FIELDS: ClassVar[tuple[str, ...]] = ("airport", "city", "country", "tz")
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "flight",
        *("from_airport", "from_city", "from_country", "from_tz"),
        *("to_airport", "to_city", "to_country", "to_tz"),
        "depart_date",
        "depart_time",
        "arrive_date",
        "arrive_time",
    )

    def is_blank(self) -> bool:
        return not any(self.text(name) for name in self.TEXT_FIELDS)

    @property
    def mode_value(self) -> str:
        return self.text("mode") or "air"

    @property
    def uses_airports(self) -> bool:
        """Airport codes are shown for a flight, unless only cities were given."""
        if self.mode_value != "air":
            return False
        cities = any(self.text(f"{side}_{part}") for side in ("from", "to") for part in ("city", "country"))
        airports = any(self.text(f"{side}_airport") for side in ("from", "to"))
        return airports or not cities

    @property
    def hides_flight(self) -> bool:
        return self.mode_value != "air" and not self.text("flight")

    @property
    def shows_airports(self) -> bool:
        return self.uses_airports or any(self.text(f"{side}_airport") for side in ("from", "to"))

    @property
    def shows_cities(self) -> bool:
        typed = any(
            self.text(f"{side}_{part}") for side in ("from", "to") for part in ("city", "country", "tz")
        )
        return not self.uses_airports or typed

    def _side_uses_airport(self, side: str) -> bool:
        code = self.text(f"{side}_airport")
        city = any(self.text(f"{side}_{part}") for part in ("city", "country", "tz"))
        if code and city:
            return self.uses_airports
        return bool(code) or (not city and self.uses_airports)

    def _place(self, side: str) -> str | dict[str, str] | None:
        if self._side_uses_airport(side):
            code = self.text(f"{side}_airport")
            return code.upper() if code else None
        place = {key: self.text(f"{side}_{key}") for key in ("city", "country", "tz")}
        place = {key: value for key, value in place.items() if value}
        return place or None

    def _moment(self, which: str) -> str:
        day, time = self.text(f"{which}_date"), self.text(f"{which}_time")
        return f"{day}T{time}" if day or time else ""

    def to_json(self) -> dict[str, Any]:
        leg: dict[str, Any] = {"mode": self.mode_value}
        for side in ("from", "to"):
            place = self._place(side)
            if place is not None:
                leg[side] = place
        for which in ("depart", "arrive"):
            moment = self._moment(which)
            if moment:
                leg[which] = moment
        if self.text("flight"):
            leg["flight"] = self.text("flight")
        return leg

    @classmethod
    def values_from_json(cls, item: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {"mode": item.get("mode") or "air"}
        for side in ("from", "to"):
            place = item.get(side)
            if isinstance(place, Mapping):
                for key in ("city", "country", "tz"):
                    if place.get(key) not in (None, ""):
                        values[f"{side}_{key}"] = place[key]
            elif place not in (None, ""):
                values[f"{side}_airport"] = place
        for which in ("depart", "arrive"):
            moment = item.get(which)
            if isinstance(moment, str) and moment:
                day, _sep, time = moment.partition("T")
                values[f"{which}_date"], values[f"{which}_time"] = day, time
            elif moment not in (None, ""):
                values[f"{which}_date"] = moment
        if item.get("flight") not in (None, ""):
            values["flight"] = item["flight"]
        return values

    def field_for(self, rest: str | None) -> str | None:
        if not rest:
            return None
        head, _sep, tail = rest.partition(".")
        if head in ("from", "to"):
            if tail in ("city", "country", "tz"):
                return f"{head}_{tail}"
            return f"{head}_airport" if self._side_uses_airport(head) else f"{head}_city"
        return {"mode": "mode", "flight": "flight", "depart": "depart_date", "arrive": "arrive_date"}.get(
            head
        )

    def related(self, name: str) -> tuple[str, ...]:
        head = name.split("_")[0]
        if head in ("from", "to"):
            return tuple(f"{head}_{part}" for part in self.PLACE_FIELDS)
        if head in ("depart", "arrive"):
            return (f"{head}_date", f"{head}_time")
        return (name,)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        for side in ("from", "to"):
            if self._side_uses_airport(side):
                code = self.text(f"{side}_airport")
                if not code:
                    self.add_error(f"{side}_airport", _required())
                elif airport_lookup(code) is None:
                    self.add_error(f"{side}_airport", _("Unknown airport code “%(code)s”.") % {"code": code})
                continue
            for part in ("city", "country"):
                if not self.text(f"{side}_{part}"):
                    self.add_error(f"{side}_{part}", _required())
            tz = self.text(f"{side}_tz")
            if tz and tz not in _time_zones():
                self.add_error(f"{side}_tz", _("Unknown time zone “%(tz)s”.") % {"tz": tz})
        for which in ("depart", "arrive"):
            day, time = self.text(f"{which}_date"), self.text(f"{which}_time")
            if not day:
                self.add_error(f"{which}_date", _required())
            elif not _is_date(day):
                self.add_error(f"{which}_date", _("Enter a valid date."))
            if not time:
                self.add_error(f"{which}_time", _required())
            elif not _TIME.fullmatch(time):
                self.add_error(f"{which}_time", _("Enter a valid time."))
        flight = self.text("flight")
        if flight and not _FLIGHT.fullmatch(flight.upper()):
            self.add_error(
                "flight",
                _("“%(flight)s” is not a flight number: write the airline and number, e.g. CA991.")
                % {"flight": flight},
            )
        return cleaned


@functools.lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_names() -> list[str]:
    """Every IANA time zone name, for the list the time-zone fields suggest from."""
    return sorted(_time_zones())


class StayForm(_Row):
    city = _text(gettext_lazy("City"))
    country = _country(gettext_lazy("Country"))
    start = _date(gettext_lazy("From"))
    end = _date(gettext_lazy("Until"))

    keys: ClassVar[dict[str, str]] = {"city": "city", "country": "country", "from": "start", "to": "end"}
    needed = ("city", "country", "from", "to")
    dates = ("from", "to")


class EventForm(_Row):
    name = _text(gettext_lazy("Event"), max_length=300)
    host_organisation = _text(gettext_lazy("Host organisation"), max_length=300)
    city = _text(gettext_lazy("City"))
    country = _country(gettext_lazy("Country"))
    start = _date(gettext_lazy("From"))
    end = _date(gettext_lazy("Until"))

    keys: ClassVar[dict[str, str]] = {
        "name": "name",
        "host_organisation": "host_organisation",
        "city": "city",
        "country": "country",
        "from": "start",
        "to": "end",
    }
    needed = ("name",)
    dates = ("from", "to")
    ordered = ("from", "to")
    end_before_start = gettext_lazy("The event ends before it starts.")


class MeetingForm(_Row):
    name = _text(gettext_lazy("Name as written"), placeholder=gettext_lazy("in any script"))
    name_latin = _text(gettext_lazy("Name in Latin letters"))
    organisation = _text(gettext_lazy("Organisation"), max_length=300)
    country = _country(gettext_lazy("Country"))
    purpose = _text(gettext_lazy("Purpose of the meeting"), max_length=500)

    keys: ClassVar[dict[str, str]] = {
        "name": "name",
        "name_latin": "name_latin",
        "organisation": "organisation",
        "country": "country",
        "purpose": "purpose",
    }
    needed = ("name",)


class DeviceForm(_Row):
    kind = forms.ChoiceField(label=gettext_lazy("Device"), choices=DEVICE_KINDS, required=False)
    owner = forms.ChoiceField(label=gettext_lazy("Owned by"), choices=OWNERS, required=False)
    sensitive_data = forms.BooleanField(label=gettext_lazy("Holds sensitive data"), required=False)

    keys: ClassVar[dict[str, str]] = {"kind": "kind", "owner": "owner", "sensitive_data": "sensitive_data"}
    needed = ("kind",)

    def is_blank(self) -> bool:
        return not (self.text("kind") or self.text("owner") or self.raw("sensitive_data"))

    def to_json(self) -> dict[str, Any]:
        device: dict[str, Any] = {key: self.text(key) for key in ("kind", "owner") if self.text(key)}
        device["sensitive_data"] = bool(self.raw("sensitive_data"))
        return device

    @classmethod
    def values_from_json(cls, item: Mapping[str, Any]) -> dict[str, Any]:
        values = {key: item[key] for key in ("kind", "owner") if item.get(key) not in (None, "")}
        values["sensitive_data"] = item.get("sensitive_data") is True
        return values


class CompanionForm(_Row):
    name = _text(gettext_lazy("Name"))
    organisation = _text(gettext_lazy("Organisation"), max_length=300)

    keys: ClassVar[dict[str, str]] = {"name": "name", "organisation": "organisation"}
    needed = ("name",)


class _BaseRows(BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            field = form.fields[DELETION_FIELD_NAME]
            field.label = gettext_lazy("Remove")
            field.widget.attrs.update({"class": "form-check-input", "data-formset-delete": ""})


#: name → (row form, most rows)
SECTIONS: dict[str, tuple[type[_Row], int]] = {
    "legs": (LegForm, 60),
    "stays": (StayForm, 60),
    "events": (EventForm, 30),
    "meetings": (MeetingForm, 100),
    "devices": (DeviceForm, 30),
    "companions": (CompanionForm, 30),
}
FORMSETS = {
    name: formset_factory(
        form, formset=_BaseRows, extra=0, can_delete=True, max_num=most, absolute_max=most, validate_max=True
    )
    for name, (form, most) in SECTIONS.items()
}


class TripForm(_Styled):
    title = _text(gettext_lazy("Title"), placeholder=gettext_lazy("e.g. ICML 2026, Vancouver"))
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), required=False, choices=[("", "—"), *PURPOSES])
    purpose_other = _text(gettext_lazy("Purpose, in your words"), max_length=200)
    data_carried = forms.CharField(
        label=gettext_lazy("Data carried"),
        help_text=gettext_lazy(
            "What information you take with you (documents, source code, data sets), on which device, "
            "and whether any of it is confidential."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        help_text=gettext_lazy("Reviewers see it beside the differences between the versions."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.amending = amending
        if not amending:
            del self.fields["note"]

    @property
    def hides_other(self) -> bool:
        return self.text("purpose") != "other" and not self.text("purpose_other")

    def purpose_value(self) -> str:
        purpose = self.text("purpose")
        if purpose == "other":
            return self.text("purpose_other") or "other"
        return purpose or self.text("purpose_other")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.amending and not self.text("note"):
            self.add_error("note", _("Say why the trip changes."))
        return cleaned


class EmergencyContactForm(_Styled):
    name = _text(gettext_lazy("Name"))
    relation = _text(gettext_lazy("Relation"), placeholder=gettext_lazy("e.g. spouse, colleague"))
    phone = _text(gettext_lazy("Phone"), max_length=40, type="tel", autocomplete="tel")
    email = _text(gettext_lazy("E-mail"), max_length=254, type="email")

    KEYS: ClassVar[tuple[str, ...]] = ("name", "relation", "phone", "email")

    def to_json(self) -> dict[str, str]:
        return {key: self.text(key) for key in self.KEYS if self.text(key)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = self.text("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.add_error("email", _("Enter a valid email address."))
        return cleaned


_SECTION_LABELS = {
    "legs": gettext_lazy("Leg %(number)s"),
    "stays": gettext_lazy("Stay %(number)s"),
    "events": gettext_lazy("Event %(number)s"),
    "meetings": gettext_lazy("Meeting %(number)s"),
    "devices": gettext_lazy("Device %(number)s"),
    "companions": gettext_lazy("Companion %(number)s"),
}
_SECTION_NAMES = {
    "legs": gettext_lazy("Journey"),
    "stays": gettext_lazy("Stays"),
    "events": gettext_lazy("Events"),
    "meetings": gettext_lazy("Meetings"),
    "devices": gettext_lazy("Devices"),
    "companions": gettext_lazy("Companions"),
}


class Declaration:
    """The whole form: trip fields, one formset per list, the emergency contact."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, amending: bool = False) -> None:
        self.amending = amending
        self.trip = TripForm(data, amending=amending)
        self.contact = EmergencyContactForm(data, prefix="contact")
        self.formsets = {name: factory(data, prefix=name) for name, factory in FORMSETS.items()}
        self._validated = False

    @classmethod
    def blank(cls) -> Declaration:
        """A new trip's form: one empty leg to start with."""
        declaration = cls()
        declaration.formsets["legs"] = FORMSETS["legs"](prefix="legs", initial=[{"mode": "air"}])
        return declaration

    @classmethod
    def from_facts(
        cls,
        facts: Mapping[str, Any],
        *,
        title: str = "",
        revision: int | None = None,
        amending: bool = False,
        note: str = "",
    ) -> Declaration:
        """The form bound to a stored trip's JSON, so it shows (and checks) exactly what is stored."""
        data = declaration_data(facts, title=title, revision=revision)
        if amending and note:
            data["note"] = note
        return cls(data, amending=amending)

    # --- reading -----------------------------------------------------------------------------

    def is_complete(self) -> bool:
        """False when the lists' bookkeeping fields are missing (a broken or foreign client)."""
        return all(formset.management_form.is_valid() for formset in self.formsets.values())

    def rows(self, name: str) -> list[_Row]:
        """The rows that become items of the list ``name``, in order (removed and blank rows skipped)."""
        formset = self.formsets[name]
        if not formset.is_bound and not formset.initial:
            return []
        return [row for row in formset.forms if not row.is_removed() and not row.is_blank()]

    @property
    def title(self) -> str:
        return self.trip.text("title")[:200]

    @property
    def note(self) -> str:
        return self.trip.text("note") if self.amending else ""

    @property
    def revision(self) -> int | None:
        value = self.trip.text("revision")
        return int(value) if value.isdigit() else None

    def facts(self) -> dict[str, Any]:
        """The trip JSON as typed; empty values, rows and sections are left out."""
        facts: dict[str, Any] = {}
        purpose = self.trip.purpose_value()
        if purpose:
            facts["purpose"] = purpose
        for name in FORMSETS:
            items = [row.to_json() for row in self.rows(name)]
            if items:
                facts[name] = items
        data = self.trip.text("data_carried")
        if data:
            facts["data"] = data
        contact = self.contact.to_json()
        if contact:
            facts["emergency_contact"] = contact
        return facts

    # --- checking ----------------------------------------------------------------------------

    def forms(self) -> Iterator[forms.Form]:
        yield self.trip
        yield self.contact
        for formset in self.formsets.values():
            yield from formset.forms

    def validate(self) -> bool:
        """Check what the form can check by itself; True if nothing is wrong."""
        valid = self.trip.is_valid() & self.contact.is_valid()
        for formset in self.formsets.values():
            valid &= formset.is_valid()
        self._validated = True
        return valid

    def add_problems(self, problems: Mapping[str, Iterable[str]]) -> None:
        """Show each problem (by JSON path) beside its value; skip one already said for that field."""
        if not self._validated:
            self.validate()
        for path, reasons in problems.items():
            for reason in reasons:
                self._add(path, str(reason))

    def _add(self, path: str, reason: str) -> None:
        match = _PATH.fullmatch(path)
        section, index, rest = match.groups() if match else ("", None, None)
        if section in self.formsets:
            formset = self.formsets[section]
            rows = self.rows(section)
            if index is None or int(index) >= len(rows):
                if reason not in formset.non_form_errors():
                    formset.non_form_errors().append(reason)
                return
            row = rows[int(index)]
            field = row.field_for(rest)
            if field is not None and any(row.errors.get(name) for name in row.related(field)):
                return  # the form already says what is wrong with this value
            if reason not in row.errors.get(field or NON_FIELD_ERRORS, []):
                row.add_error(field, reason)
            return
        form: _Styled = self.trip
        field = None
        if section in ("purpose", "title"):
            field = section
        elif section == "data":
            field = "data_carried"
        elif section == "emergency_contact" and rest in EmergencyContactForm.KEYS:
            form, field = self.contact, rest
        if field is not None and form.errors.get(field):
            return
        if reason not in form.errors.get(field or NON_FIELD_ERRORS, []):
            form.add_error(field, reason)

    def problem_list(self) -> list[dict[str, str]]:
        """Every error on the form, each with where it is, for the summary beside the form."""
        found: list[dict[str, str]] = []
        for form in (self.trip, self.contact):
            for name, errors in form.errors.items():
                where = str(form.fields[name].label) if name in form.fields else ""
                if form is self.contact and where:
                    where = f"{_('Emergency contact')} · {where}"
                found += [{"where": where, "text": str(error)} for error in errors]
        for section, formset in self.formsets.items():
            found += [
                {"where": str(_SECTION_NAMES[section]), "text": str(e)} for e in formset.non_form_errors()
            ]
            for number, row in enumerate(self.rows(section), start=1):
                label = str(_SECTION_LABELS[section]) % {"number": number}
                for name, errors in row.errors.items():
                    where = f"{label} · {row.fields[name].label}" if name in row.fields else label
                    found += [{"where": where, "text": str(error)} for error in errors]
        return found

    def mark_invalid(self) -> None:
        for form in self.forms():
            mark_invalid(form)


def mark_invalid(form: forms.Form) -> None:
    """Bootstrap's red border on every field with an error."""
    if not form.is_bound:
        return
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            css = widget.attrs.get("class", "")
            if "is-invalid" not in css:
                widget.attrs["class"] = f"{css} is-invalid".strip()


def declaration_data(
    facts: Mapping[str, Any], *, title: str = "", revision: int | None = None
) -> dict[str, Any]:
    """The form data (as a browser would post it) that shows ``facts`` in the form."""
    data: dict[str, Any] = {"title": title, "revision": "" if revision is None else str(revision)}
    purpose = facts.get("purpose")
    if isinstance(purpose, str) and purpose:
        if purpose in dict(PURPOSES):
            data["purpose"] = purpose
        else:
            data["purpose"], data["purpose_other"] = "other", purpose
    if isinstance(facts.get("data"), str):
        data["data_carried"] = facts["data"]
    contact = facts.get("emergency_contact")
    if isinstance(contact, Mapping):
        for key in EmergencyContactForm.KEYS:
            if contact.get(key) not in (None, ""):
                data[f"contact-{key}"] = str(contact[key])
    for name, (form, _most) in SECTIONS.items():
        items = facts.get(name)
        items = [item for item in items if isinstance(item, Mapping)] if isinstance(items, list) else []
        data.update(
            {
                f"{name}-TOTAL_FORMS": str(len(items)),
                f"{name}-INITIAL_FORMS": "0",
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": str(_most),
            }
        )
        for index, item in enumerate(items):
            for field, value in form.values_from_json(item).items():
                if value is True:
                    data[f"{name}-{index}-{field}"] = "on"
                elif value is not False and value is not None:
                    data[f"{name}-{index}-{field}"] = str(value)
    return data


def with_legs(facts: Mapping[str, Any], legs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``facts`` with ``legs`` appended to its legs (the fast-entry import)."""
    merged = dict(facts)
    existing = merged.get("legs")
    merged["legs"] = [*(existing if isinstance(existing, list) else []), *map(dict, legs)]
    return merged


def merged_facts(stored: Mapping[str, Any], typed: Mapping[str, Any]) -> dict[str, Any]:
    """What the form typed, plus any key of the stored trip JSON the form does not show."""
    kept = {key: value for key, value in stored.items() if key not in MANAGED_KEYS and key != "traveller"}
    return {**kept, **typed}


class FastEntryForm(forms.Form):
    """An itinerary typed as text, or a calendar (.ics) or booking e-mail (.eml) file."""

    text = forms.CharField(
        label=gettext_lazy("Itinerary as text"),
        help_text=gettext_lazy(
            "One leg per line or separated by “;”, e.g. PEK 2026-03-01 10:00 > YVR 07:30; "
            "YVR 12:40 > MEX 20:05. Times are local; rail, road and sea legs start with the mode "
            "and name cities: train Berlin DE 2026-03-02 09:00 > Paris FR 17:00."
        ),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm font-monospace"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Calendar or booking e-mail"),
        help_text=gettext_lazy("A calendar file (.ics) or a booking confirmation saved as an e-mail (.eml)."),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control form-control-sm",
                "accept": ".ics,.eml,text/calendar,message/rfc822",
            }
        ),
    )

    KINDS: ClassVar[dict[str, str]] = {".ics": "ics", ".eml": "eml"}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        name = (upload.name or "").lower()
        if not name.endswith(tuple(self.KINDS)):
            raise ValidationError(_("Choose a calendar file (.ics) or an e-mail (.eml)."))
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            self.add_error("text", _("Paste an itinerary or choose a file."))
        return cleaned

    def kind(self) -> str:
        """``ics`` or ``eml`` for the uploaded file (after validation)."""
        upload = self.cleaned_data.get("file")
        name = (upload.name or "").lower() if upload else ""
        return next((kind for suffix, kind in self.KINDS.items() if name.endswith(suffix)), "")
