"""The debrief's answers: their shape, the prefill from the declaration, and what is wrong with them.

A debrief's ``answers`` is a JSON object, stored exactly as typed (a draft may be incomplete or
wrong; nothing typed is lost). It is checked only when submitted::

    {"places": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}],
     "changes": "…", "activities": "…",
     "no_contacts": false,
     "contacts": [{"name": "王伟", "name_latin": "Wang Wei", "kind": "person", "organisation": "…",
                   "country": "CN", "role": "…", "met_on": "2026-03-02", "where": "…", "how": "event",
                   "topics": "…", "follow_up": "…", "asked_about_work": true,
                   "asked_to_stay_in_touch": false, "planned": true}],
     "information_shared": "…", "gifts": "…",
     "devices_out_of_control": "no", "devices_detail": "",
     "suspicious": "yes", "suspicious_detail": "…"}

``planned`` marks a contact copied from a planned meeting of the declaration (planned vs actual).
Problems are keyed by field path (``contacts[1].met_on``); the messages do not repeat the path.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from waypost.geo.groups import is_country_code

from .choices import ContactKind, HowMet

NAME_MAX = 300
TEXT_MAX = 10_000
PLACES_MAX = 60
CONTACTS_MAX = 200

TEXT_FIELDS = ("changes", "activities", "information_shared", "gifts", "devices_detail", "suspicious_detail")
YES_NO_FIELDS = ("devices_out_of_control", "suspicious")
CONTACT_TEXT_FIELDS = (
    "name",
    "name_latin",
    "organisation",
    "country",
    "role",
    "met_on",
    "where",
    "how",
    "topics",
    "follow_up",
)
CONTACT_FLAGS = ("asked_about_work", "asked_to_stay_in_touch")


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def name_key(value: str) -> str:
    """A name without case, spaces or punctuation: ``"Wang, Wei"`` and ``"wang wei"`` are one key."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def contact_rows(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    contacts = answers.get("contacts")
    return [row for row in contacts if isinstance(row, dict)] if isinstance(contacts, list) else []


def contact_is_blank(row: Mapping[str, Any]) -> bool:
    return not any(
        text(row.get(key)) for key in CONTACT_TEXT_FIELDS if key not in ("how", "country")
    ) and not any(row.get(flag) is True for flag in CONTACT_FLAGS)


# --- Prefill ------------------------------------------------------------------------------------


def prefill(facts: Mapping[str, Any]) -> dict[str, Any]:
    """A new debrief's answers from the declaration: the planned stays and meetings, to correct."""
    places = [
        {key: text(stay.get(key)) for key in ("city", "country", "from", "to")}
        for stay in facts.get("stays") or ()
        if isinstance(stay, dict)
    ]
    contacts = []
    for meeting in facts.get("meetings") or ():
        if not isinstance(meeting, dict) or not (
            text(meeting.get("name")) or text(meeting.get("name_latin"))
        ):
            continue
        contacts.append(
            {
                "name": text(meeting.get("name")) or text(meeting.get("name_latin")),
                "name_latin": text(meeting.get("name_latin")),
                "kind": ContactKind.PERSON.value,
                "organisation": text(meeting.get("organisation")),
                "country": text(meeting.get("country")).upper(),
                "how": HowMet.MEETING.value,
                "topics": text(meeting.get("purpose")),
                "planned": True,
            }
        )
    return {
        "places": places or [{"city": "", "country": "", "from": "", "to": ""}],
        "changes": "",
        "activities": "",
        "no_contacts": False,
        "contacts": contacts,
        "information_shared": "",
        "gifts": "",
        "devices_out_of_control": "",
        "devices_detail": "",
        "suspicious": "",
        "suspicious_detail": "",
    }


# --- Problems -----------------------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


class _Problems:
    def __init__(self) -> None:
        self.by_path: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.by_path.setdefault(path, []).append(message)


def problems(
    answers: Mapping[str, Any], *, start: dt.date | None, end: dt.date | None
) -> dict[str, list[str]]:
    """Every problem with ``answers`` for a trip from ``start`` to ``end``, by field path, translated."""
    found = _Problems()
    if not isinstance(answers, Mapping):
        found.add("answers", _("The debrief must be an object of answers."))
        return found.by_path

    def within(path: str, value: Any, *, required: bool) -> dt.date | None:
        raw = text(value)
        if not raw:
            if required:
                found.add(path, _("Enter a date."))
            return None
        day = _date(raw)
        if day is None:
            found.add(path, _("Enter a date as YYYY-MM-DD."))
        elif start is not None and end is not None and not start <= day <= end:
            found.add(
                path,
                _("The trip ran from %(start)s to %(end)s: this date is outside it.")
                % {"start": start, "end": end},
            )
        return day

    for name in (*TEXT_FIELDS, *YES_NO_FIELDS):
        value = answers.get(name)
        if value is not None and not isinstance(value, str):
            found.add(name, _("Enter text."))
        elif len(text(value)) > TEXT_MAX:
            found.add(name, _("At most %(count)s characters.") % {"count": TEXT_MAX})

    places = answers.get("places")
    # Indexes are those of the rows as typed (the form's), blank rows skipped.
    rows = [
        (index, row)
        for index, row in enumerate(places if isinstance(places, list) else [])
        if isinstance(row, dict) and any(text(row.get(key)) for key in ("city", "country", "from", "to"))
    ]
    if not rows:
        found.add("places", _("Name at least one place you actually visited."))
    if len(rows) > PLACES_MAX:
        found.add("places", _("At most %(count)s places.") % {"count": PLACES_MAX})
    for index, row in rows[:PLACES_MAX]:
        path = f"places[{index}]"
        if not text(row.get("city")):
            found.add(f"{path}.city", _("Enter the city."))
        elif len(text(row.get("city"))) > NAME_MAX:
            found.add(f"{path}.city", _("At most %(count)s characters.") % {"count": NAME_MAX})
        country = text(row.get("country")).upper()
        if not country:
            found.add(f"{path}.country", _("Enter the country."))
        elif not is_country_code(country):
            found.add(f"{path}.country", _("“%(code)s” is not a country code.") % {"code": country})
        first = within(f"{path}.from", row.get("from"), required=False)
        last = within(f"{path}.to", row.get("to"), required=False)
        if first and last and last < first:
            found.add(f"{path}.to", _("This place was left before it was reached."))

    if not text(answers.get("activities")):
        found.add("activities", _("Say what you did on the trip."))
    if not text(answers.get("information_shared")):
        found.add("information_shared", _("Say what information you shared, or write “none”."))
    for name, detail in (("devices_out_of_control", "devices_detail"), ("suspicious", "suspicious_detail")):
        choice = text(answers.get(name))
        if choice not in ("yes", "no"):
            found.add(name, _("Answer yes or no."))
        elif choice == "yes" and not text(answers.get(detail)):
            found.add(detail, _("You answered yes: say what happened."))

    contacts = [(index, row) for index, row in enumerate(contact_rows(answers)) if not contact_is_blank(row)]
    if answers.get("no_contacts") is True and contacts:
        found.add("no_contacts", _("You listed contacts, so you did meet someone: untick this box."))
    elif answers.get("no_contacts") is not True and not contacts:
        found.add("contacts", _("List the people you met, or tick that you met nobody worth reporting."))
    if len(contacts) > CONTACTS_MAX:
        found.add("contacts", _("At most %(count)s contacts.") % {"count": CONTACTS_MAX})
    seen: dict[str, int] = {}
    for index, row in contacts[:CONTACTS_MAX]:
        path = f"contacts[{index}]"
        name, latin = text(row.get("name")), text(row.get("name_latin"))
        if not (name or latin):
            found.add(f"{path}.name", _("Enter the contact's name."))
        for key, value in (
            ("name", name),
            ("name_latin", latin),
            ("organisation", text(row.get("organisation"))),
        ):
            if len(value) > NAME_MAX:
                found.add(f"{path}.{key}", _("At most %(count)s characters.") % {"count": NAME_MAX})
        for key in ("role", "where", "topics", "follow_up"):
            value = row.get(key)
            if value is not None and not isinstance(value, str):
                found.add(f"{path}.{key}", _("Enter text."))
            elif len(text(value)) > TEXT_MAX:
                found.add(f"{path}.{key}", _("At most %(count)s characters.") % {"count": TEXT_MAX})
        if text(row.get("kind")) not in ("", *ContactKind.values):
            found.add(f"{path}.kind", _("Choose a person or an organisation."))
        how = text(row.get("how"))
        if not how:
            found.add(f"{path}.how", _("Say how you met."))
        elif how not in HowMet.values:
            found.add(f"{path}.how", _("Choose one of the listed ways."))
        country = text(row.get("country")).upper()
        if country and not is_country_code(country):
            found.add(f"{path}.country", _("“%(code)s” is not a country code.") % {"code": country})
        within(f"{path}.met_on", row.get("met_on"), required=False)
        for flag in CONTACT_FLAGS:
            if row.get(flag) not in (None, True, False):
                found.add(f"{path}.{flag}", _("Answer yes or no."))
        keys = {name_key(value) for value in (name, latin) if value} - {""}
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            found.add(
                f"{path}.name",
                _("This is contact %(number)s again: list each contact once, with everything about them.")
                % {"number": earlier},
            )
        for key in keys:
            seen.setdefault(key, index + 1)
    return found.by_path


def cleaned_contacts(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The non-blank contacts of valid answers, trimmed, with their country upper case."""
    out = []
    for row in contact_rows(answers):
        if contact_is_blank(row):
            continue
        item: dict[str, Any] = {key: text(row.get(key)) for key in CONTACT_TEXT_FIELDS}
        item["name"] = item["name"] or item["name_latin"]
        item["country"] = item["country"].upper()
        item["kind"] = text(row.get("kind")) or ContactKind.PERSON.value
        for flag in CONTACT_FLAGS:
            item[flag] = row.get(flag) is True
        item["planned"] = row.get("planned") is True
        out.append(item)
    return out
