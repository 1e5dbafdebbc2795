"""Reads for guidance, scoped to the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from waypost.core.errors import NotFound, ValidationFailed

from .choices import VersionStatus
from .engine import Assessment, RuleSet, TripFactsError, assess, trip_facts_from_json
from .loading import rules_of_stored
from .models import Guidance, GuidanceQuerySet, GuidanceVersion, ReassessmentRun
from .permissions import can_author_any_guidance


def guidance_list_for(*, actor: Any) -> GuidanceQuerySet:
    """Guidance the actor may see, each with the versions they may see.

    Guidance of which the actor may see no version (only a draft, to a traveller) is left out, so
    that its existence does not show either.
    """
    visible_versions = GuidanceVersion.objects.visible_to(actor)
    return (
        Guidance.objects.visible_to(actor)
        .filter(Exists(visible_versions.filter(guidance=OuterRef("pk"))))
        .select_related("issuer")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=GuidanceVersion.objects.visible_to(actor).order_by("-number"),
                to_attr="visible_versions",
            )
        )
    )


def guidance_get_for(*, actor: Any, slug: str) -> Guidance:
    try:
        return guidance_list_for(actor=actor).get(slug=str(slug))
    except Guidance.DoesNotExist:
        raise NotFound() from None


def version_get_for(*, actor: Any, slug: str, number: Any) -> GuidanceVersion:
    try:
        return (
            GuidanceVersion.objects.visible_to(actor)
            .select_related("guidance__issuer")
            .get(guidance__slug=str(slug), number=int(number))
        )
    except (GuidanceVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def reassessment_get_for(*, actor: Any, run_id: Any) -> ReassessmentRun:
    """A run is visible with the version it re-assessed (or to overseers, for a run of all guidance)."""
    try:
        run = ReassessmentRun.objects.select_related("version__guidance__issuer").get(pk=int(run_id))
    except (ReassessmentRun.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if run.version is None:
        if not can_author_any_guidance(actor):
            raise NotFound()
    elif not GuidanceVersion.objects.visible_to(actor).filter(pk=run.version.pk).exists():
        raise NotFound()
    return run


def assessment_rules_for(*, actor: Any) -> RuleSet:
    """The published and retired guidance the actor may see, compiled for assessing trips.

    An assessment names the guidance, rules and rationale behind it, so it is made only with
    guidance the actor could read anyway.
    """
    versions = (
        GuidanceVersion.objects.visible_to(actor)
        .exclude(status=VersionStatus.DRAFT)
        .select_related("guidance")
    )
    return rules_of_stored(versions)


def trip_json_assess_for(*, actor: Any, data: Any, on: dt.date) -> Assessment:
    """Assess a trip given as trip JSON (traveller included) with the guidance the actor may see.

    Nothing is stored. Raises ValidationFailed naming each field at fault (``legs[0].to`` …).
    Without ``traveller.organisation_path`` every guidance the actor may see applies.
    """
    try:
        facts = trip_facts_from_json(data)
    except TripFactsError as error:
        fields: dict[str, list[str]] = {}
        for issue in error.issues:
            fields.setdefault(issue.path or "non_field_errors", []).append(issue.render(_))
        raise ValidationFailed(_("The trip has problems."), fields=fields) from None
    return assess(facts, assessment_rules_for(actor=actor), on=on)
