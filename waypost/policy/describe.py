"""Assessments in words, in the active language: facts, obligations and advisory levels.

The engine explains itself with stable codes and parameters (see ``engine/explain.py``); this module
turns them into sentences for the web UI and the API, with country names localised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from waypost.people.choices import SECTORS, JobRole

from .choices import AdvisoryLevel

OBLIGATION_LABELS = {
    "advisory": gettext_lazy("Advisory"),
    "declare_days_before": gettext_lazy("Declare days before departure"),
    "approval": gettext_lazy("Approval"),
    "briefing": gettext_lazy("Briefing"),
    "devices": gettext_lazy("Devices"),
    "check_in_every_hours": gettext_lazy("Check in every (hours)"),
    "debrief_within_days": gettext_lazy("Debrief within (days)"),
    "debrief_form": gettext_lazy("Debrief form"),
    "notify": gettext_lazy("Notify"),
}

VALUE_LABELS = {
    "manager": gettext_lazy("manager"),
    "security_officer": gettext_lazy("security officer"),
    "none": gettext_lazy("none"),
    "own_device_ok": gettext_lazy("own devices allowed"),
    "organisation_device_required": gettext_lazy("organisation device required"),
    "clean_device_required": gettext_lazy("clean device required"),
    "no_devices": gettext_lazy("no devices"),
}


def _job_role(value: str) -> str:
    try:
        return str(JobRole(value).label)
    except ValueError:
        return value


def country(code: str | None) -> str:
    if not code:
        return ""
    name = countries.name(code)
    return str(name) if name else code


def advisory_label(value: str) -> str:
    try:
        return str(AdvisoryLevel(value).label)
    except ValueError:
        return value


def obligation_label(name: str) -> str:
    return str(OBLIGATION_LABELS.get(name, name))


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(VALUE_LABELS.get(str(value), value))


def fact_text(fact: Mapping[str, Any]) -> str:
    """One fact of a reason as a sentence: 'transit at YVR, Canada, member of us-allies'."""
    code = fact.get("code", "")
    p = dict(fact.get("params") or {})
    place = p.get("airport") or p.get("city") or ""
    params = {"place": place, "country": country(p.get("country")), "group": p.get("group", "")}
    if code == "transit_in_group":
        return _("transit at %(place)s, %(country)s, member of %(group)s") % params
    if code == "transit_in_country":
        return _("transit at %(place)s, %(country)s") % params
    if code == "stay_in_group":
        return _("stay in %(country)s, member of %(group)s") % params
    if code == "stay_in_country":
        return _("stay in %(country)s") % params
    if code == "traveller":
        parts = []
        if p.get("sectors"):
            sectors = [str(SECTORS.get(sector, sector)) for sector in p["sectors"]]
            parts.append(_("sector %(sectors)s") % {"sectors": ", ".join(sectors)})
        if p.get("role"):
            parts.append(_("role %(role)s") % {"role": _job_role(str(p["role"]))})
        if p.get("sensitivity") is not None:
            parts.append(_("sensitivity %(level)s") % {"level": p["sensitivity"]})
        return _("traveller: %(facets)s") % {"facets": "; ".join(parts)}
    if code == "organisation":
        return _("member of %(node)s") % {"node": p.get("node", "")}
    if code == "purpose":
        return _("purpose %(purpose)s") % {"purpose": p.get("purpose", "")}
    if code == "device":
        return _("carries a %(kind)s (%(owner)s)") % {"kind": p.get("kind", ""), "owner": p.get("owner", "")}
    if code == "trip_length":
        return _("trip of %(days)s days") % {"days": p.get("days", "")}
    if code == "any_trip":
        return _("applies to every trip")
    return str(fact.get("text", code))


def how_text(entry: Mapping[str, Any]) -> str:
    """How a country was entered: 'stay' or 'transit at YVR (5.2 h)'."""
    if entry.get("how") == "transit":
        hours = entry.get("hours")
        where = entry.get("airport") or entry.get("city") or ""
        if hours is not None:
            return _("transit at %(where)s (%(hours)s h)") % {"where": where, "hours": hours}
        return _("transit at %(where)s") % {"where": where}
    return _("stay")


def localised(text: Mapping[str, str] | None, language: str) -> str:
    """A multilingual text in ``language`` (de, zh-hans …), falling back to English."""
    if not text:
        return ""
    lang = language.lower()
    return text.get(lang) or text.get(lang.split("-")[0]) or text.get("en") or next(iter(text.values()), "")


def assessment_view(result: Mapping[str, Any], language: str) -> dict[str, Any]:
    """An assessment's JSON prepared for a template: labels, sentences and localised names."""
    obligations = [
        {
            "name": name,
            "label": obligation_label(name),
            "value": value_text(item.get("value")),
            "rules": [f"{r['guidance']}@{r['version']}/{r['rule']}" for r in item.get("rules", [])],
        }
        for name, item in (result.get("obligations") or {}).items()
    ]
    reasons = [
        {
            "ref": f"{r['guidance']}@{r['version']}/{r['rule']}",
            "facts": [fact_text(f) for f in r.get("facts", [])],
            "rationale": localised(r.get("rationale"), language),
        }
        for r in result.get("reasons") or []
    ]
    countries_entered = [
        {
            "code": c["country"],
            "name": country(c["country"]),
            "how": how_text(c),
            "transit": c.get("how") == "transit",
        }
        for c in result.get("countries") or []
    ]
    return {
        "advisory": result.get("advisory", "none"),
        "advisory_label": advisory_label(result.get("advisory", "none")),
        "obligations": obligations,
        "reasons": reasons,
        "countries": countries_entered,
        "late": result.get("late", False),
        "lead_days": result.get("lead_days"),
        "trip_days": result.get("trip_days"),
        "versions": [f"{v['id']}@{v['version']}" for v in result.get("guidance_versions") or []],
    }
