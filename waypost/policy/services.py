"""Writes for guidance: save a draft, one transition function for the version lifecycle, briefings.

Draft → published → retired. A draft may be saved while invalid (nothing typed is lost) but only
a valid draft is published. Publishing checks the effective dates against the other versions,
closes an open-ended predecessor the day before the new version takes effect, and queues a
background re-assessment of the upcoming and active trips it may change.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

import yaml
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.geo.selectors import all_groups
from waypost.people.models import OrgNode

from . import events
from .choices import RunStatus, VersionStatus
from .engine import GuidanceError, parse_guidance
from .messages import issue_text, issues_json
from .models import Briefing, Guidance, GuidanceVersion, ReassessmentRun
from .permissions import can_author_guidance

VERSION_FIELDS = ("number", "status", "effective_from", "effective_to", "title")

Action = Literal["publish", "retire", "discard"]


def guidance_header(source: str) -> tuple[str, str]:
    """The ``id`` and ``issuer`` of a YAML document, read leniently (the rest may still be invalid)."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return "", ""
    return str(data.get("id") or "").strip(), str(data.get("issuer") or "").strip()


def _check(source: str, name: str) -> tuple[list[dict[str, Any]], Any]:
    try:
        return [], parse_guidance(source, source_name=name, groups=all_groups())
    except GuidanceError as error:
        return issues_json(error.issues), None


@transaction.atomic
def guidance_draft_save(*, actor: Any, source: str, guidance: Guidance | None = None) -> GuidanceVersion:
    """Save ``source`` as the draft of ``guidance`` (or of a new guidance named by its ``id``).

    An invalid draft of existing guidance is saved with its problems listed on it. A new guidance
    needs at least a readable ``id`` and ``issuer`` naming a node the actor may issue guidance at.
    """
    slug, issuer_slug = guidance_header(source)
    if guidance is None:
        if not slug or not issuer_slug:
            issues, _parsed = _check(source, "guidance")
            raise ValidationFailed(
                fields={
                    "source": [i["message"] for i in issues] or [_("The document needs an id and an issuer.")]
                }
            )
        guidance = Guidance.objects.filter(slug=slug).select_related("issuer").first()
        if guidance is None:
            issuer = OrgNode.objects.filter(slug=issuer_slug).first()
            if issuer is None:
                raise ValidationFailed(
                    fields={"source": [_("issuer: no organisation node “%(slug)s”.") % {"slug": issuer_slug}]}
                )
            if not can_author_guidance(actor, issuer):
                raise PermissionDenied(_("You may not issue guidance for %(node)s.") % {"node": issuer.name})
            guidance = Guidance.objects.create(slug=slug, issuer=issuer, created_by=_user(actor))
    if not can_author_guidance(actor, guidance.issuer):
        raise PermissionDenied()
    if slug and slug != guidance.slug:
        raise ValidationFailed(
            fields={
                "source": [
                    _("id: this document is “%(slug)s”; the id cannot change.") % {"slug": guidance.slug}
                ]
            }
        )
    if issuer_slug and issuer_slug != guidance.issuer.slug:
        raise ValidationFailed(
            fields={
                "source": [
                    _("issuer: this guidance is issued by “%(slug)s”; the issuer cannot change.")
                    % {"slug": guidance.issuer.slug}
                ]
            }
        )
    issues, parsed = _check(source, guidance.slug)
    draft = (
        GuidanceVersion.objects.select_for_update()
        .filter(guidance=guidance, status=VersionStatus.DRAFT)
        .first()
    )
    before = snapshot(draft, VERSION_FIELDS) if draft else None
    if draft is None:
        latest = guidance.versions.aggregate(n=Max("number"))["n"] or 0
        draft = GuidanceVersion(guidance=guidance, number=latest + 1, created_by=_user(actor))
    draft.source = source
    draft.issues = issues
    if parsed is not None:
        draft.title = dict(parsed.title)
        draft.effective_from = parsed.effective_from
        draft.effective_to = parsed.effective_to
    draft.save()
    record(
        event=events.GUIDANCE_DRAFT_SAVED,
        actor=actor,
        target=draft,
        before=before,
        after={**snapshot(draft, VERSION_FIELDS), "valid": not issues},
    )
    return draft


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_dates(version: GuidanceVersion, today: dt.date) -> list[tuple[GuidanceVersion, dt.date]]:
    """Refuse dates in the past and overlaps; return open-ended predecessors to close, with the day."""
    start = version.effective_from
    if start is None:
        raise ValidationFailed(fields={"effective_from": [_("An effective date is required.")]})
    if start < today and version.guidance.versions.exclude(pk=version.pk).exists():
        raise ValidationFailed(
            fields={
                "effective_from": [
                    _("A new version cannot take effect in the past (%(date)s); use today or later.")
                    % {"date": start.isoformat()}
                ]
            }
        )
    end = version.effective_to
    to_close: list[tuple[GuidanceVersion, dt.date]] = []
    others = (
        version.guidance.versions.select_for_update()
        .filter(status=VersionStatus.PUBLISHED)
        .exclude(pk=version.pk)
    )
    for other in others.order_by("number"):
        other_from = other.effective_from or start
        overlaps = (other.effective_to is None or other.effective_to >= start) and (
            end is None or other_from <= end
        )
        if not overlaps:
            continue
        if other.effective_to is None and other_from < start:
            to_close.append((other, start - dt.timedelta(days=1)))
            continue
        raise ValidationFailed(
            fields={
                "effective_from": [
                    _("These dates overlap version %(number)s (in effect %(start)s to %(end)s).")
                    % {
                        "number": other.number,
                        "start": other_from.isoformat(),
                        "end": other.effective_to.isoformat() if other.effective_to else "…",
                    }
                ]
            }
        )
    return to_close


@transaction.atomic
def version_transition(*, actor: Any, version: GuidanceVersion, action: Action) -> GuidanceVersion:
    """The one way a guidance version changes state: publish or discard a draft, retire a published one."""
    version = (
        GuidanceVersion.objects.select_for_update().select_related("guidance__issuer").get(pk=version.pk)
    )
    if not can_author_guidance(actor, version.guidance.issuer):
        raise PermissionDenied()
    allowed = {
        "publish": VersionStatus.DRAFT,
        "discard": VersionStatus.DRAFT,
        "retire": VersionStatus.PUBLISHED,
    }
    if action not in allowed:
        raise ValidationFailed(fields={"action": [_("Unknown action.")]})
    if version.status != allowed[action]:
        messages = {
            "publish": _("Version %(number)s is %(status)s; only a draft can be published."),
            "discard": _("Version %(number)s is %(status)s; only a draft can be discarded."),
            "retire": _("Version %(number)s is %(status)s; only a published version can be retired."),
        }
        raise Conflict(messages[action] % {"number": version.number, "status": version.get_status_display()})
    before = snapshot(version, VERSION_FIELDS)
    now = clock.now()
    if action == "discard":
        record(event=events.GUIDANCE_DRAFT_DISCARDED, actor=actor, target=version, before=before)
        version.delete()
        return version
    if action == "publish":
        try:
            parse_guidance(version.source, source_name=str(version), groups=all_groups())
        except GuidanceError as error:
            raise ValidationFailed(fields={"source": [issue_text(i) for i in error.issues]}) from None
        for other, last_day in _check_dates(version, clock.today()):
            other_before = snapshot(other, VERSION_FIELDS)
            other.effective_to = last_day
            other.save(update_fields=["effective_to", "updated_at"])
            record(
                event=events.GUIDANCE_SUPERSEDED,
                actor=actor,
                target=other,
                before=other_before,
                after=snapshot(other, VERSION_FIELDS),
                extra={"superseded_by": version.number},
            )
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.published_by = _user(actor)
        event = events.GUIDANCE_PUBLISHED
    else:
        version.status = VersionStatus.RETIRED
        version.retired_at = now
        event = events.GUIDANCE_RETIRED
    version.save()
    record(event=event, actor=actor, target=version, before=before, after=snapshot(version, VERSION_FIELDS))
    reassessment_queue(actor=actor, version=version)
    return version


def reassessment_queue(*, actor: Any, version: GuidanceVersion | None) -> ReassessmentRun:
    """Record a re-assessment run and hand it to the worker once the transaction commits."""
    run = ReassessmentRun.objects.create(version=version, requested_by=_user(actor), status=RunStatus.QUEUED)

    def enqueue() -> None:
        from .tasks import reassess_trips

        reassess_trips(run.pk)

    transaction.on_commit(enqueue)
    return run


def simulation_record(*, actor: Any, version: GuidanceVersion) -> None:
    """Audit that an officer simulated a draft (it reads trips across the issuer's subtree)."""
    record(event=events.GUIDANCE_SIMULATED, actor=actor, target=version)


@transaction.atomic
def reassessment_queue_for_day(*, day: dt.date) -> list[ReassessmentRun]:
    """Queue a run for every version that takes effect or lapses on ``day``.

    Publishing a version that starts later changes nothing on the day it is published; this
    catches the day it starts (and the day after its predecessor's last day).
    """
    versions = GuidanceVersion.objects.filter(status=VersionStatus.PUBLISHED).filter(
        Q(effective_from=day) | Q(effective_to=day - dt.timedelta(days=1))
    )
    return [reassessment_queue(actor=None, version=v) for v in versions.select_related("guidance")]


BRIEFING_LANGUAGES = ("en", "de", "zh-hans")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


@transaction.atomic
def briefing_save(
    *,
    actor: Any,
    issuer: OrgNode,
    slug: str,
    title: dict[str, str],
    body: dict[str, str],
    briefing: Briefing | None = None,
) -> Briefing:
    """Create or change a briefing; a change of text is a new version travellers read again.

    ``title`` and ``body`` map a language (``en``, ``de``, ``zh-hans``) to text (Markdown for the
    body); English is required. The identifier and issuer of an existing briefing never change.
    """
    if not can_author_guidance(actor, issuer if briefing is None else briefing.issuer):
        raise NotFound() if briefing is not None else PermissionDenied()
    title = {
        lang: text.strip() for lang, text in title.items() if lang in BRIEFING_LANGUAGES and text.strip()
    }
    body = {lang: text.strip() for lang, text in body.items() if lang in BRIEFING_LANGUAGES and text.strip()}
    fields: dict[str, list[str]] = {}
    if briefing is None:
        if not _SLUG.match(slug or ""):
            fields["slug"] = [_("Use 2–80 lower-case letters, digits and hyphens, as rules name it.")]
        elif Briefing.objects.filter(issuer=issuer, slug=slug).exists():
            fields["slug"] = [_("This issuer already has a briefing with this identifier.")]
    if "en" not in title:
        fields["title_en"] = [_("An English title is required.")]
    if "en" not in body:
        fields["body_en"] = [_("An English text is required.")]
    if fields:
        raise ValidationFailed(fields=fields)
    if briefing is None:
        briefing = Briefing.objects.create(
            slug=slug, issuer=issuer, title=title, body=body, updated_by=_user(actor)
        )
        record(
            event=events.BRIEFING_SAVED, actor=actor, target=briefing, after={"version": 1, "title": title}
        )
        return briefing
    if briefing.title == title and briefing.body == body:
        return briefing
    before = {"version": briefing.version, "title": briefing.title}
    briefing.title, briefing.body = title, body
    briefing.version += 1
    briefing.updated_by = _user(actor)
    briefing.save()
    record(
        event=events.BRIEFING_SAVED,
        actor=actor,
        target=briefing,
        before=before,
        after={"version": briefing.version, "title": title},
    )
    return briefing


def _by_language(texts: dict[str, str]) -> dict[str, str]:
    return {lang: text.strip() for lang, text in texts.items() if lang in BRIEFING_LANGUAGES and text.strip()}
