"""One builder per part of the trip record: a heading, then tables, in the active language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.platypus import Flowable

from waypost.policy import describe
from waypost.screening.choices import HitStatus, SubjectKind, SubjectSource
from waypost.trips.choices import ApproverRole, Decision, TripStatus
from waypost.trips.models import CheckInSource, IncidentKind, IncidentStatus, SafeNow, WindowStatus

from ..choices import ContactKind, DebriefOutcome, DebriefStatus, HowMet
from .blocks import (
    choice_label,
    day_text,
    flatten,
    h2,
    h3,
    long_time_text,
    nothing,
    pairs,
    para,
    person_name,
    place,
    table,
    time_text,
    value_text,
    yes_or_no,
)


def title_block(record: Mapping[str, Any]) -> list[Flowable]:
    meta, trip, traveller = record.get("record", {}), record.get("trip", {}), record.get("traveller", {})
    unit = traveller.get("unit") or {}
    out: list[Flowable] = [
        para(_("Trip record"), "title"),
        para(trip.get("title") or _("Trip %(number)s") % {"number": trip.get("id")}, "subtitle"),
        pairs(
            [
                (_("Traveller"), traveller.get("name")),
                (_("Unit"), unit.get("name")),
                (_("Status"), choice_label(TripStatus, trip.get("status"))),
                (_("Dates"), f"{day_text(trip.get('depart_on'))} – {day_text(trip.get('return_on'))}"),
                (_("Declaration version"), trip.get("version")),
                (_("Submitted"), time_text(trip.get("submitted_at"))),
                (_("Decided"), time_text(trip.get("decided_at"))),
                (_("Debrief due"), day_text(trip.get("debrief_due_on"))),
                (_("Generated"), _generated(meta)),
                (
                    _("Record format"),
                    _("version %(format)s, Waypost %(version)s")
                    % {"format": meta.get("format_version"), "version": meta.get("waypost_version")},
                ),
            ]
        ),
    ]
    proceeded, cancelled = trip.get("proceeded"), trip.get("cancelled")
    if proceeded:
        out.append(
            para(
                _("On %(when)s the traveller chose to travel against the advice: “%(note)s”")
                % {"when": time_text(proceeded.get("at")), "note": proceeded.get("note", "")}
            )
        )
    if cancelled:
        out.append(
            para(
                _("Cancelled on %(when)s: %(reason)s")
                % {"when": time_text(cancelled.get("at")), "reason": cancelled.get("reason") or "—"}
            )
        )
    if trip.get("briefing_flagged_at"):
        out.append(
            para(
                _("The trip started on %(when)s before the required briefing was acknowledged.")
                % {"when": time_text(trip.get("briefing_flagged_at"))}
            )
        )
    return out


def _generated(meta: Mapping[str, Any]) -> str:
    return _("%(when)s by %(name)s") % {
        "when": long_time_text(meta.get("generated_at")),
        "name": person_name(meta.get("generated_by")),
    }


def itinerary(record: Mapping[str, Any]) -> list[Flowable]:
    facts = record.get("trip", {}).get("facts") or {}
    rows = [(path, value_text(value)) for path, value in flatten(facts)]
    out: list[Flowable] = [h2(_("Itinerary as declared now"))]
    out.append(table([_("Field"), _("Value")], rows, [0.35, 0.65]) if rows else nothing())
    return out


def _versions(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Declaration versions"))]
    versions = record.get("versions") or []
    if not versions:
        return [*out, nothing()]
    for version in versions:
        out.append(h3(_("Version %(number)s") % {"number": version.get("number")}))
        line = _("%(when)s by %(name)s") % {
            "when": time_text(version.get("created_at")),
            "name": person_name(version.get("created_by")),
        }
        if version.get("note"):
            line += " — " + _("Reason for the change: %(note)s") % {"note": version["note"]}
        out.append(para(line, "muted"))
        changes = version.get("changes") or []
        if changes:
            out.append(
                table(
                    [_("Field"), _("Before"), _("After")],
                    [
                        (
                            change.get("path"),
                            value_text(change.get("before")),
                            value_text(change.get("after")),
                        )
                        for change in changes
                    ],
                    [0.3, 0.35, 0.35],
                )
            )
        elif version.get("number") == 1:
            out.append(para(_("The declaration as first submitted."), "muted"))
        else:
            out.append(para(_("No field changed."), "muted"))
    return out


def _assessments(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Assessments"))]
    assessments = record.get("assessments") or []
    if not assessments:
        return [*out, nothing()]
    language = translation.get_language() or "en"
    for item in assessments:
        params = {"number": item.get("trip_version"), "day": day_text(item.get("assessed_on"))}
        if item.get("current"):
            heading = _("Assessment of version %(number)s on %(day)s (current)") % params
        else:
            heading = _("Assessment of version %(number)s on %(day)s") % params
        out.append(h3(heading))
        versions = ", ".join(
            f"{v.get('guidance')}@{v.get('version')}" for v in item.get("guidance_versions") or []
        )
        out.append(
            pairs(
                [
                    (_("Advisory"), describe.advisory_label(str(item.get("advisory") or "none"))),
                    (_("Declared late"), yes_or_no(item.get("late"))),
                    (_("Guidance versions"), versions or "—"),
                ]
            )
        )
        obligations = item.get("obligations") or {}
        if obligations:
            out.append(
                table(
                    [_("Obligation"), _("Value")],
                    [
                        (describe.obligation_label(name), describe.value_text(value))
                        for name, value in obligations.items()
                    ],
                    [0.4, 0.6],
                )
            )
        reasons = item.get("reasons") or []
        if reasons:
            out.append(
                table(
                    [_("Rule"), _("Why it applies")],
                    [
                        (
                            reason.get("ref"),
                            "\n".join(
                                [
                                    *(describe.fact_text(fact) for fact in reason.get("facts") or []),
                                    describe.localised(reason.get("rationale"), language),
                                ]
                            ).strip(),
                        )
                        for reason in reasons
                    ],
                    [0.35, 0.65],
                )
            )
    return out


def _review(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Review"))]
    steps = record.get("review") or []
    if not steps:
        return [*out, nothing()]
    rows = []
    for step in steps:
        reviewer = choice_label(ApproverRole, step.get("role"))
        if step.get("assignee"):
            reviewer += f": {person_name(step.get('assignee'))}"
        if not step.get("current"):
            reviewer += f" ({_('superseded')})"
        decided = person_name(step.get("decided_by")) if step.get("decided_by") else "—"
        if step.get("on_behalf_of"):
            decided += " " + _("for %(name)s") % {"name": person_name(step.get("on_behalf_of"))}
        rows.append(
            (
                step.get("trip_version"),
                reviewer,
                choice_label(Decision, step.get("decision")) if step.get("decision") else _("waiting"),
                decided,
                time_text(step.get("decided_at")),
                step.get("note") or "",
            )
        )
    out.append(
        table(
            [_("Version"), _("Reviewer"), _("Decision"), _("Decided by"), _("When"), _("Note")],
            rows,
            [0.08, 0.2, 0.14, 0.18, 0.14, 0.26],
        )
    )
    return out


def _briefings(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Briefing acknowledgements"))]
    acks = record.get("briefings") or []
    if not acks:
        return [*out, nothing()]
    language = translation.get_language() or "en"
    rows = [
        (
            describe.localised(ack.get("title"), language) or ack.get("briefing"),
            ack.get("version"),
            ack.get("language"),
            person_name(ack.get("person")),
            time_text(ack.get("acknowledged_at")),
        )
        for ack in acks
    ]
    out.append(
        table(
            [_("Briefing"), _("Version"), _("Language"), _("Acknowledged by"), _("When")],
            rows,
            [0.36, 0.1, 0.12, 0.22, 0.2],
        )
    )
    return out


def _checkins(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Check-ins"))]
    checkins = record.get("checkins") or []
    if checkins:
        rows: list[tuple[Any, ...]] = [
            (
                time_text(item.get("at")),
                place(item.get("city"), item.get("country")),
                item.get("note") or "",
                choice_label(CheckInSource, item.get("source")),
            )
            for item in checkins
        ]
        out.append(table([_("When"), _("Where"), _("Note"), _("Source")], rows, [0.2, 0.3, 0.38, 0.12]))
    else:
        out.append(nothing())
    windows = record.get("checkin_windows") or []
    out.append(h3(_("Check-ins due")))
    if windows:
        rows = [
            (
                time_text(window.get("due_at")),
                choice_label(WindowStatus, window.get("status")),
                window.get("escalation_stage"),
                time_text(window.get("last_escalated_at")),
                time_text(window.get("resolved_at")),
            )
            for window in windows
        ]
        out.append(
            table(
                [_("Due"), _("Status"), _("Escalation stage"), _("Last escalated"), _("Resolved")],
                rows,
                [0.22, 0.2, 0.16, 0.21, 0.21],
            )
        )
    else:
        out.append(nothing())
    return out


def _incidents(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Incidents"))]
    incidents = record.get("incidents") or []
    if not incidents:
        return [*out, nothing()]
    for incident in incidents:
        out.append(h3(choice_label(IncidentKind, incident.get("kind"))))
        acknowledged = (
            f"{person_name(incident.get('acknowledged_by'))}, {time_text(incident.get('acknowledged_at'))}"
            if incident.get("acknowledged_at")
            else "—"
        )
        closed = (
            f"{person_name(incident.get('closed_by'))}, {time_text(incident.get('closed_at'))}"
            if incident.get("closed_at")
            else "—"
        )
        out.append(
            pairs(
                [
                    (_("When"), time_text(incident.get("occurred_at"))),
                    (_("Where"), place(incident.get("city"), incident.get("country"))),
                    (_("Description"), incident.get("description")),
                    (_("Safe now"), choice_label(SafeNow, incident.get("safe_now"))),
                    (
                        _("Reported"),
                        f"{person_name(incident.get('reporter'))}, {time_text(incident.get('reported_at'))}",
                    ),
                    (_("Status"), choice_label(IncidentStatus, incident.get("status"))),
                    (_("Acknowledged"), acknowledged),
                    (_("Closed"), closed),
                ]
            )
        )
        actions = incident.get("actions") or []
        if actions:
            out.append(
                table(
                    [_("When"), _("Officer"), _("Action taken")],
                    [(time_text(a.get("at")), person_name(a.get("officer")), a.get("text")) for a in actions],
                    [0.2, 0.22, 0.58],
                )
            )
    return out


def _debrief(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Debrief"))]
    debrief = record.get("debrief")
    if not debrief:
        return [*out, para(_("No debrief has been written."), "muted")]
    answers = debrief.get("answers") or {}
    out.append(
        pairs(
            [
                (_("Status"), choice_label(DebriefStatus, debrief.get("status"))),
                (_("Submitted"), time_text(debrief.get("submitted_at"))),
                (_("Submitted late"), yes_or_no(debrief.get("late"))),
                (_("Outcome"), choice_label(DebriefOutcome, debrief.get("outcome"))),
                (_("Review note"), debrief.get("review_note")),
                (
                    _("Reviewed"),
                    f"{person_name(debrief.get('reviewed_by'))}, {time_text(debrief.get('reviewed_at'))}"
                    if debrief.get("reviewed_at")
                    else "—",
                ),
            ]
        )
    )
    places = [row for row in answers.get("places") or [] if isinstance(row, Mapping)]
    out.append(h3(_("Places actually visited")))
    if places:
        out.append(
            table(
                [_("Where"), _("From"), _("To")],
                [
                    (place(p.get("city"), p.get("country")), day_text(p.get("from")), day_text(p.get("to")))
                    for p in places
                ],
                [0.5, 0.25, 0.25],
            )
        )
    else:
        out.append(nothing())
    out.append(h3(_("Answers")))
    out.append(pairs(_answer_rows(answers)))
    out.append(h3(_("Contacts")))
    contacts = debrief.get("contacts") or []
    if contacts:
        out.append(
            table(
                [_("Name"), _("Organisation"), _("Met"), _("Topics and follow-up"), _("Asked")],
                [_contact_row(contact) for contact in contacts],
                [0.2, 0.2, 0.22, 0.22, 0.16],
            )
        )
    else:
        out.append(para(_("No contacts reported."), "muted"))
    return out


def _answer_rows(answers: Mapping[str, Any]) -> list[tuple[str, Any]]:
    def text(key: str) -> str:
        value = answers.get(key)
        return value.strip() if isinstance(value, str) else ""

    def yes_no(key: str, detail: str) -> str:
        choice = {"yes": _("Yes"), "no": _("No")}.get(text(key), "—")
        return f"{choice}: {text(detail)}" if text(detail) else choice

    return [
        (_("Changes from the plan"), text("changes")),
        (_("Activities"), text("activities")),
        (_("Information shared"), text("information_shared")),
        (_("Gifts and hospitality"), text("gifts")),
        (_("Devices out of your control"), yes_no("devices_out_of_control", "devices_detail")),
        (_("Anything suspicious"), yes_no("suspicious", "suspicious_detail")),
    ]


def _contact_row(contact: Mapping[str, Any]) -> tuple[str, ...]:
    name = str(contact.get("name") or "")
    if contact.get("name_latin") and contact.get("name_latin") != name:
        name += f"\n{contact['name_latin']}"
    kind = choice_label(ContactKind, contact.get("kind"))
    organisation = "\n".join(
        part
        for part in (
            str(contact.get("organisation") or ""),
            describe.country(contact.get("country")),
            str(contact.get("role") or ""),
        )
        if part
    )
    met = "\n".join(
        part
        for part in (
            day_text(contact.get("met_on")) if contact.get("met_on") else "",
            str(contact.get("where") or ""),
            choice_label(HowMet, contact.get("how")) if contact.get("how") else "",
            _("planned") if contact.get("planned") else "",
        )
        if part
    )
    topics = "\n".join(
        part
        for part in (
            str(contact.get("topics") or ""),
            _("Follow-up: %(text)s") % {"text": contact["follow_up"]} if contact.get("follow_up") else "",
        )
        if part
    )
    asked = "\n".join(
        asked
        for flag, asked in (
            ("asked_about_work", _("about my work")),
            ("asked_to_stay_in_touch", _("to stay in touch")),
        )
        if contact.get(flag)
    )
    return (f"{name}\n({kind})", organisation or "—", met or "—", topics or "—", asked or "—")


def _screening(record: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [h2(_("Screening"))]
    subjects = record.get("screening") or []
    if not subjects:
        return [*out, para(_("No names were screened."), "muted")]
    out.append(
        table(
            [_("Screened name"), _("Kind"), _("Source"), _("Countries"), _("Screened"), _("Hits")],
            [
                (
                    subject.get("name", "")
                    + (f"\n{subject['name_latin']}" if subject.get("name_latin") else ""),
                    choice_label(SubjectKind, subject.get("kind")),
                    choice_label(SubjectSource, subject.get("source")),
                    ", ".join(subject.get("countries") or []) or "—",
                    time_text(subject.get("screened_at")),
                    len(subject.get("hits") or []),
                )
                for subject in subjects
            ],
            [0.26, 0.13, 0.17, 0.12, 0.2, 0.12],
        )
    )
    hits = [(subject, hit) for subject in subjects for hit in subject.get("hits") or []]
    out.append(h3(_("Hits")))
    if not hits:
        return [*out, para(_("No hits."), "muted")]
    out.append(
        table(
            [_("Screened name"), _("List entry"), _("Matched name"), _("Score"), _("Status"), _("Decision")],
            [_hit_row(subject, hit) for subject, hit in hits],
            [0.17, 0.24, 0.17, 0.08, 0.11, 0.23],
        )
    )
    return out


def _hit_row(subject: Mapping[str, Any], hit: Mapping[str, Any]) -> tuple[str, ...]:
    entry = f"{hit.get('list')} v{hit.get('list_version')}\n{hit.get('entry')} {hit.get('entry_name') or ''}"
    decision = "—"
    if hit.get("decided_at"):
        decision = f"{person_name(hit.get('decided_by'))}, {time_text(hit.get('decided_at'))}"
        if hit.get("note"):
            decision += f"\n{hit['note']}"
    return (
        str(subject.get("name", "")),
        entry,
        str(hit.get("matched_name", "")),
        f"{float(hit.get('score') or 0):.2f}",
        choice_label(HitStatus, hit.get("status")),
        decision,
    )


SECTION_BUILDERS: dict[str, Callable[[Mapping[str, Any]], list[Flowable]]] = {
    "versions": _versions,
    "assessments": _assessments,
    "review": _review,
    "briefings": _briefings,
    "checkins": _checkins,
    "incidents": _incidents,
    "debrief": _debrief,
    "screening": _screening,
}
