"""Stored guidance versions turned into the engine's :class:`~waypost.policy.engine.Guidance`.

The YAML is the author's; the database decides the version number, the status and the effective
dates (a publish may close the previous version). Parsed versions are cached per process by what
the engine reads of them (text, number, status, dates), and the compiled rule set by that state
of every non-draft version, so assessing many trips compiles once. The keys hold the content, not
a timestamp: two saves in the same clock tick, or a row id reused after a rollback (SQLite), must
not return a stale parse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from waypost.core.errors import ValidationFailed
from waypost.geo.groups import CountryGroup
from waypost.geo.selectors import all_groups
from waypost.people.models import OrgNode

from .choices import VersionStatus
from .engine import Guidance, GuidanceStatus, RuleSet, compile_rules, parse_guidance
from .models import Guidance as StoredGuidance
from .models import GuidanceVersion

_PARSED: dict[tuple[Any, ...], Guidance] = {}
_RULES: dict[tuple[Any, ...], RuleSet] = {}


def _state(version: GuidanceVersion) -> tuple[Any, ...]:
    """Everything :func:`engine_guidance` reads from the row."""
    return (
        version.pk,
        version.guidance.slug,
        version.number,
        version.status,
        version.effective_from,
        version.effective_to,
        version.source,
    )


def engine_guidance(
    version: GuidanceVersion, *, groups: Mapping[str, CountryGroup] | None = None
) -> Guidance:
    """The engine's view of a stored version. Raises GuidanceError if its YAML is invalid."""
    chosen = all_groups() if groups is None else groups
    key = (*_state(version), id(chosen))
    found = _PARSED.get(key)
    if found is None:
        parsed = parse_guidance(version.source, source_name=str(version), groups=chosen)
        found = dataclasses.replace(
            parsed,
            id=version.guidance.slug,
            version=version.number,
            status=GuidanceStatus(version.status),
            effective_from=version.effective_from or parsed.effective_from,
            effective_to=version.effective_to,
        )
        if len(_PARSED) > 2048:
            _PARSED.clear()
        _PARSED[key] = found
    return found


def _stored_versions(ids: Iterable[int] | None = None) -> list[GuidanceVersion]:
    versions = GuidanceVersion.objects.select_related("guidance")
    if ids is None:
        versions = versions.exclude(status=VersionStatus.DRAFT)
    else:
        versions = versions.filter(pk__in=list(ids))
    return list(versions.order_by("guidance__slug", "number"))


def current_rules(*, drafts: Iterable[GuidanceVersion] = ()) -> RuleSet:
    """Every published and retired version compiled (the engine picks what is in force on a date).

    ``drafts`` are compiled as if published, replacing their guidance's other versions: a simulation.
    """
    groups = all_groups()
    versions = _stored_versions()
    draft_list = list(drafts)
    key = (
        id(groups),
        tuple(map(_state, versions)),
        tuple(map(_state, draft_list)),
    )
    found = _RULES.get(key)
    if found is None:
        found = compile_rules(
            [engine_guidance(v, groups=groups) for v in versions],
            groups=groups,
            drafts=[
                dataclasses.replace(engine_guidance(d, groups=groups), status=GuidanceStatus.PUBLISHED)
                for d in draft_list
            ],
        )
        if len(_RULES) > 16:
            _RULES.clear()
        _RULES[key] = found
    return found


def rules_of_versions(version_ids: Iterable[int]) -> RuleSet:
    """Only the given versions, in force as they were then: to explain a stored assessment again.

    They were in force on the stored date, so they are compiled as published and open-ended: a
    later retirement, or a successor closing them the day before it takes effect (possibly the
    very day of the assessment), must not change the explanation. One version per guidance id.
    """
    groups = all_groups()
    return compile_rules(
        [
            dataclasses.replace(
                engine_guidance(v, groups=groups), status=GuidanceStatus.PUBLISHED, effective_to=None
            )
            for v in _stored_versions(version_ids)
        ],
        groups=groups,
    )


def rules_of_stored(versions: Iterable[GuidanceVersion]) -> RuleSet:
    """The given stored versions compiled (cached by their state), e.g. those visible to an actor.

    Drafts among them are ignored: only published and retired versions can be in force.
    """
    groups = all_groups()
    chosen = sorted(
        (v for v in versions if v.status != VersionStatus.DRAFT), key=lambda v: (v.guidance.slug, v.number)
    )
    key = ("stored", id(groups), tuple(map(_state, chosen)))
    found = _RULES.get(key)
    if found is None:
        found = compile_rules([engine_guidance(v, groups=groups) for v in chosen], groups=groups)
        if len(_RULES) > 16:
            _RULES.clear()
        _RULES[key] = found
    return found


def rules_with_unsaved_drafts(drafts: Iterable[Guidance]) -> RuleSet:
    """Every published and retired version, plus engine guidance never stored, as if published.

    The in-memory counterpart of ``current_rules(drafts=...)``, for simulating a file (``waypost
    guidance simulate``) without writing a draft. Not cached: each draft is new.
    """
    groups = all_groups()
    return compile_rules(
        [engine_guidance(v, groups=groups) for v in _stored_versions()],
        groups=groups,
        drafts=[dataclasses.replace(d, status=GuidanceStatus.PUBLISHED) for d in drafts],
    )


def unsaved_draft(parsed: Guidance) -> tuple[Guidance, OrgNode]:
    """``parsed`` numbered as its next draft would be, with its issuer node; nothing is written.

    Mirrors :func:`waypost.policy.services.guidance_draft_save`: the draft of existing guidance keeps
    the number of its stored draft (or takes the next one); new guidance starts at 1; the issuer must
    exist and, for existing guidance, be the one it was issued by. Raises ValidationFailed otherwise.
    """
    stored = StoredGuidance.objects.filter(slug=parsed.id).select_related("issuer").first()
    if stored is None:
        issuer = OrgNode.objects.filter(slug=parsed.issuer).first()
        if issuer is None:
            raise ValidationFailed(
                fields={"issuer": [_("No organisation node “%(slug)s”.") % {"slug": parsed.issuer}]}
            )
        return dataclasses.replace(parsed, version=1, status=GuidanceStatus.DRAFT), issuer
    if stored.issuer.slug != parsed.issuer:
        raise ValidationFailed(
            fields={
                "issuer": [
                    _("This guidance is issued by “%(slug)s”; the issuer cannot change.")
                    % {"slug": stored.issuer.slug}
                ]
            }
        )
    draft = stored.versions.filter(status=VersionStatus.DRAFT).values_list("number", flat=True).first()
    number = draft or (stored.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return dataclasses.replace(parsed, version=number, status=GuidanceStatus.DRAFT), stored.issuer
