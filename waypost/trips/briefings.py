"""Which briefings a trip asks for, and which of them the traveller has not yet acknowledged."""

from __future__ import annotations

from waypost.policy.models import Briefing

from .models import BriefingAcknowledgement, Trip, TripAssessment


def required_slugs(trip: Trip) -> list[str]:
    current = TripAssessment.objects.filter(trip=trip, is_current=True).only("obligations").first()
    if current is None:
        return []
    value = (current.obligations or {}).get("briefing") or []
    return [value] if isinstance(value, str) else list(value)


def required_briefings(trip: Trip) -> list[Briefing]:
    """The briefings the trip's current assessment names, as issued on the traveller's path.

    A slug is looked up among the nodes from the root down to the traveller's unit; where two
    nodes issued a briefing with the same slug, the one nearest the traveller wins.
    """
    slugs = required_slugs(trip)
    if not slugs:
        return []
    path = trip.traveller.unit.path
    segments = [segment for segment in path.split("/") if segment]
    found: dict[str, Briefing] = {}
    depth: dict[str, int] = {}
    for briefing in Briefing.objects.filter(slug__in=slugs, issuer__slug__in=segments).select_related(
        "issuer"
    ):
        level = segments.index(briefing.issuer.slug)
        if briefing.slug not in found or level > depth[briefing.slug]:
            found[briefing.slug], depth[briefing.slug] = briefing, level
    return [found[slug] for slug in slugs if slug in found]


def unacknowledged_briefings(trip: Trip) -> list[Briefing]:
    """Required briefings whose current version the traveller has not acknowledged for this trip."""
    required = required_briefings(trip)
    if not required:
        return []
    acknowledged = set(
        BriefingAcknowledgement.objects.filter(trip=trip, briefing__in=required).values_list(
            "briefing_id", "briefing_version"
        )
    )
    return [briefing for briefing in required if (briefing.pk, briefing.version) not in acknowledged]


def briefing_text(briefing: Briefing, language: str) -> tuple[str, str, str]:
    """(title, Markdown body, the language actually used) in ``language``, else English, else any."""
    for candidate in (language.lower(), language.split("-")[0].lower(), "en", *briefing.body):
        if candidate in briefing.body:
            title = briefing.title.get(candidate) or briefing.title.get("en") or briefing.slug
            return title, briefing.body[candidate], candidate
    return briefing.title.get("en") or briefing.slug, "", "en"
