"""Guidance pages: list, versions, the editor with its live preview, simulation and re-assessment runs."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import ApplicationError, NotFound, PermissionDenied
from waypost.geo.selectors import all_groups
from waypost.people.models import OrgNode
from waypost.policy import preview as previews
from waypost.policy import selectors, services
from waypost.policy.choices import VersionStatus
from waypost.policy.describe import advisory_label, assessment_view, localised, obligation_label, value_text
from waypost.policy.engine import GuidanceError, parse_guidance
from waypost.policy.models import Guidance, GuidanceVersion
from waypost.policy.permissions import can_author_any_guidance, can_author_guidance
from waypost.trips.assessing import simulate

from .forms import GuidanceEditorForm, TransitionForm

NEW_TEMPLATE = """id: my-guidance
issuer: {issuer}
title: {{en: "Travel to …"}}
effective_from: {today}
rules:
  - id: advise-against
    when:
      traveller: {{sectors: [ai]}}
      destinations: {{groups: [countries-of-concern], include_transit: true}}
    then:
      advisory: caution
      declare_days_before: 14
      approval: [manager]
      debrief_within_days: 14
    rationale: {{en: "Why this rule exists."}}
"""


def _language() -> str:
    return (get_language() or "en").lower()


def _version_or_404(request: HttpRequest, slug: str, number: int) -> GuidanceVersion:
    try:
        return selectors.version_get_for(actor=request.user, slug=slug, number=number)
    except NotFound:
        raise Http404() from None


@login_required
@require_GET
def guidance_list(request: HttpRequest) -> HttpResponse:
    items = []
    language = _language()
    for guidance in selectors.guidance_list_for(actor=request.user):
        versions = guidance.visible_versions  # type: ignore[attr-defined]
        if not versions:
            continue
        current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        shown = current or draft or versions[0]
        items.append(
            {
                "guidance": guidance,
                "current": current,
                "draft": draft,
                "title": localised(shown.title, language) or guidance.slug,
            }
        )
    return render(
        request, "web/policy/list.html", {"items": items, "can_author": can_author_any_guidance(request.user)}
    )


@login_required
@require_GET
def guidance_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        guidance = selectors.guidance_get_for(actor=request.user, slug=slug)
    except NotFound:
        raise Http404() from None
    versions = guidance.visible_versions  # type: ignore[attr-defined]
    if not versions:
        raise Http404()
    current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), versions[0])
    return redirect("web:guidance-version", slug=guidance.slug, number=current.number)


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(str(v) for v in value)
    return getattr(value, "value", value)


def _rules_summary(version: GuidanceVersion, language: str) -> tuple[Any, list[dict[str, Any]]]:
    try:
        parsed = parse_guidance(version.source, source_name=str(version), groups=all_groups())
    except GuidanceError:
        return None, []
    rules = []
    for rule in parsed.rules:
        when = rule.when
        destinations = when.destinations
        then = [
            (obligation_label(k), advisory_label(str(v)) if k == "advisory" else value_text(_plain(v)))
            for k, v in dataclasses.asdict(rule.then).items()
            if v not in (None, frozenset(), (), set())
        ]
        rules.append(
            {
                "id": rule.id,
                "title": localised(rule.title, language),
                "rationale": localised(rule.rationale, language),
                "countries": sorted(destinations.countries) if destinations else [],
                "groups": list(destinations.groups) if destinations else [],
                "transit": bool(destinations and destinations.include_transit),
                "then": then,
            }
        )
    return parsed, rules


@login_required
@require_GET
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_or_404(request, slug, number)
    language = _language()
    parsed, rules = _rules_summary(version, language)
    others = (
        GuidanceVersion.objects.visible_to(request.user).filter(guidance=version.guidance).order_by("-number")
    )
    runs = version.reassessments.order_by("-created_at")[:3]
    return render(
        request,
        "web/policy/version.html",
        {
            "version": version,
            "guidance": version.guidance,
            "versions": others,
            "rules": rules,
            "title": localised(version.title, language) or version.guidance.slug,
            "body": localised(parsed.body, language) if parsed else "",
            "rationale": localised(parsed.rationale, language) if parsed else "",
            "can_author": can_author_guidance(request.user, version.guidance.issuer),
            "runs": runs,
        },
    )


def _preview(form: GuidanceEditorForm) -> dict[str, Any]:
    """Validate the YAML as typed and assess the sample trip against it as if it were published."""
    sample, problem = form.sample()
    preview = previews.guidance_preview(source=form.data.get("source", ""), sample=sample or {})
    context: dict[str, Any] = {"issues": [], "assessment": None, "trip_errors": []}
    if not preview.valid:
        context["issues"] = [{"line": issue["line"], "text": issue["message"]} for issue in preview.issues]
        return context
    if sample is None:
        context["trip_errors"] = [problem]
        return context
    if preview.assessment is None:
        context["trip_errors"] = preview.trip_errors
        return context
    context["assessment"] = assessment_view(preview.assessment, _language())
    context["valid"] = True
    context["rule_count"] = preview.rule_count
    return context


@login_required
@require_POST
def guidance_preview(request: HttpRequest) -> HttpResponse:
    if not can_author_any_guidance(request.user):
        raise Http404()
    form = GuidanceEditorForm(request.POST)
    return render(request, "web/policy/_preview.html", _preview(form))


@login_required
@require_http_methods(["GET", "POST"])
def guidance_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The editor for a new guidance (no slug) or for the draft of an existing one."""
    if not can_author_any_guidance(request.user):
        raise Http404()
    guidance: Guidance | None = None
    initial_source = ""
    if slug is not None:
        try:
            guidance = selectors.guidance_get_for(actor=request.user, slug=slug)
        except NotFound:
            raise Http404() from None
        if not can_author_guidance(request.user, guidance.issuer):
            raise Http404()
        latest = guidance.visible_versions[0] if guidance.visible_versions else None  # type: ignore[attr-defined]
        initial_source = latest.source if latest else ""
    else:
        issuer = OrgNode.objects.visible_to(request.user).order_by("path").first()
        initial_source = NEW_TEMPLATE.format(
            issuer=issuer.slug if issuer else "", today=clock.today().isoformat()
        )
    form = GuidanceEditorForm(request.POST or None, initial={"source": initial_source})
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.guidance_draft_save(
                actor=request.user, source=form.cleaned_data["source"], guidance=guidance
            )
        except PermissionDenied:
            form.add_error("source", _("You may not issue guidance for this issuer."))
        except ApplicationError as error:
            for reason in error.fields.get("source", [error.message]):
                form.add_error("source", reason)
        else:
            if draft.issues:
                messages.warning(
                    request, _("Draft saved with problems: it cannot be published until they are fixed.")
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect("web:guidance-edit", slug=draft.guidance.slug)
    preview = _preview(form) if form.is_bound else _preview(GuidanceEditorForm({"source": initial_source}))
    return render(request, "web/policy/edit.html", {"form": form, "guidance": guidance, **preview})


@login_required
@require_POST
def version_transition(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_or_404(request, slug, number)
    if not can_author_guidance(request.user, version.guidance.issuer):
        raise Http404()
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish, retire or discard."))
        return redirect("web:guidance-version", slug=slug, number=number)
    action = form.cleaned_data["action"]
    try:
        version = services.version_transition(actor=request.user, version=version, action=action)
    except ApplicationError as error:
        reasons = [r for field_reasons in error.fields.values() for r in field_reasons] or [error.message]
        for reason in reasons:
            messages.error(request, reason)
        return redirect("web:guidance-version", slug=slug, number=number)
    if action == "discard":
        messages.success(request, _("Draft discarded."))
        return redirect("web:guidance-list")
    if action == "publish":
        messages.success(request, _("Published. Upcoming and active trips are being re-assessed."))
    else:
        messages.success(request, _("Retired. Upcoming and active trips are being re-assessed."))
    return redirect("web:guidance-version", slug=slug, number=number)


@login_required
@require_GET
def version_simulate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version_or_404(request, slug, number)
    if version.status != VersionStatus.DRAFT or not can_author_guidance(
        request.user, version.guidance.issuer
    ):
        raise Http404()
    if version.issues:
        messages.error(request, _("Fix the problems in this draft before simulating it."))
        return redirect("web:guidance-edit", slug=slug)
    with transaction.atomic():
        services.simulation_record(actor=request.user, version=version)
    result = simulate([version], limit=500)
    language = _language()
    rows = [
        {
            "change": change,
            "before": assessment_view(change.before.to_json(), language) if change.before else None,
            "after": assessment_view(change.after.to_json(), language) if change.after else None,
            "diff": [_diff_row(c) for c in change.changes.changes] if change.changes else [],
        }
        for change in result.changed
    ]
    return render(
        request,
        "web/policy/simulate.html",
        {"version": version, "guidance": version.guidance, "result": result, "rows": rows},
    )


def _diff_row(change: Any) -> dict[str, Any]:
    if change.field == "advisory":
        before, after = advisory_label(str(change.before)), advisory_label(str(change.after))
    else:
        before, after = value_text(change.before), value_text(change.after)
    return {
        "label": obligation_label(change.field),
        "before": before,
        "after": after,
        "stricter": change.stricter,
        "looser": change.looser,
    }


@login_required
@require_GET
def reassessment_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = selectors.reassessment_get_for(actor=request.user, run_id=run_id)
    except NotFound:
        raise Http404() from None
    return render(request, "web/policy/_run.html", {"run": run})


@login_required
@require_http_methods(["GET", "POST"])
def country_groups(request: HttpRequest) -> HttpResponse:
    """Shipped groups with their sources, custom groups, and a form for officers to add their own."""
    from waypost.geo.selectors import country_name, custom_group_list_for, shipped_groups
    from waypost.geo.services import can_manage_country_groups, country_group_save

    from .forms import CountryGroupForm

    owners = [
        (node.slug, str(node))
        for node in OrgNode.objects.visible_to(request.user).order_by("path")
        if can_manage_country_groups(request.user, node)
    ]
    form = CountryGroupForm(request.POST or None, owners=owners) if owners else None
    if request.method == "POST":
        if form is None:
            raise Http404()
        if form.is_valid():
            data = form.cleaned_data
            owner = OrgNode.objects.get(slug=data["owner"])
            names = {"en": data["name_en"], "de": data["name_de"], "zh-hans": data["name_zh"]}
            members = data["members"].replace(",", " ").split()
            try:
                country_group_save(
                    actor=request.user,
                    slug=data["slug"],
                    owner=owner,
                    names=names,
                    members=members,
                    as_of=data["as_of"],
                    source=data["source"],
                    notes=data["notes"],
                )
            except ApplicationError as error:
                field_map = {"members": "members", "slug": "slug", "names": "name_en"}
                for field, reasons in error.fields.items():
                    for reason in reasons:
                        form.add_error(field_map.get(field), reason)
                if not error.fields:
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("Country group saved."))
                return redirect("web:country-groups")
    language = _language()
    shipped = [
        {
            "id": g.id,
            "name": g.name(language if language != "zh-hans" else "zh-hans"),
            "source": g.source,
            "as_of": g.as_of,
            "members": sorted(country_name(code) for code in g.members),
            "count": len(g.members),
        }
        for g in shipped_groups().values()
    ]
    custom = [
        {
            "id": g.slug,
            "name": localised(g.names, language),
            "owner": g.owner,
            "source": g.source,
            "as_of": g.as_of,
            "members": sorted(country_name(code) for code in g.members),
            "count": len(g.members),
        }
        for g in custom_group_list_for(actor=request.user)
    ]
    return render(request, "web/policy/groups.html", {"shipped": shipped, "custom": custom, "form": form})


@login_required
@require_GET
def briefing_list(request: HttpRequest) -> HttpResponse:
    """Briefings the actor may see, with their versions; authors may add and edit them."""
    from waypost.policy.models import Briefing

    language = _language()
    briefings = [
        {
            "briefing": b,
            "title": localised(b.title, language) or b.slug,
            "editable": can_author_guidance(request.user, b.issuer),
        }
        for b in Briefing.objects.visible_to(request.user)
        .select_related("issuer")
        .order_by("slug", "issuer__path")
    ]
    return render(
        request,
        "web/policy/briefings.html",
        {"briefings": briefings, "may_author": can_author_any_guidance(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def briefing_edit(request: HttpRequest, briefing_id: int | None = None) -> HttpResponse:
    from waypost.policy.models import Briefing

    from .forms import BriefingForm

    briefing = None
    if briefing_id is not None:
        briefing = (
            Briefing.objects.visible_to(request.user).select_related("issuer").filter(pk=briefing_id).first()
        )
        if briefing is None or not can_author_guidance(request.user, briefing.issuer):
            raise Http404()
    issuers = [
        (node.slug, str(node))
        for node in OrgNode.objects.visible_to(request.user).order_by("path")
        if can_author_guidance(request.user, node)
    ]
    if not issuers:
        raise Http404()
    initial = {}
    if briefing is not None:
        initial = {
            "slug": briefing.slug,
            "issuer": briefing.issuer.slug,
            "title_en": briefing.title.get("en", ""),
            "title_de": briefing.title.get("de", ""),
            "title_zh": briefing.title.get("zh-hans", ""),
            "body_en": briefing.body.get("en", ""),
            "body_de": briefing.body.get("de", ""),
            "body_zh": briefing.body.get("zh-hans", ""),
        }
    form = BriefingForm(request.POST or None, initial=initial, issuers=issuers, editing=briefing is not None)
    if request.method == "POST" and form.is_valid():
        title, body = form.texts()
        issuer = briefing.issuer if briefing else OrgNode.objects.get(slug=form.cleaned_data["issuer"])
        try:
            saved = services.briefing_save(
                actor=request.user,
                issuer=issuer,
                slug=briefing.slug if briefing else form.cleaned_data["slug"],
                title=title,
                body=body,
                briefing=briefing,
            )
        except NotFound:
            raise Http404() from None
        except ApplicationError as error:
            for field, reasons in error.fields.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Briefing saved (version %(number)s).") % {"number": saved.version})
            return redirect("web:briefing-list")
    return render(
        request,
        "web/policy/briefing_edit.html",
        {"form": form, "briefing": briefing},
        status=400 if request.method == "POST" else 200,
    )
