"""Demo debriefs and the contacts register, each taken through the real debrief workflow.

* Wei Zhang's "Industry forum, Frankfurt" (made by :mod:`waypost.demo.travel` in ``debrief_due``)
  gets its due day from its obligations, as the return job sets it: it is overdue. Wei has
  started the debrief (a draft with problems left), and the overdue job has told him and
  escalated to his manager.
* Three more trips of Lumen travellers, created travelling and brought back by the same steps as
  the return job (``return``, then ``debrief_due``), have debriefs written and submitted by their
  travellers: Chen Hui's from Munich, reviewed and closed by the security officer (the trip is
  closed); Wei Zhang's from Paris, reviewed with a follow-up; Chen Hui's from London, waiting
  for review. After each submission the register is brought up to date as the worker would
  (:func:`waypost.debriefs.tasks.contacts_register_task`): 李明 (Li Ming) of Zhongguancun Lab is
  one contact met by both travellers; 王芳 (Munich) and "Wang Fang" (Paris) of the same
  organisation are two contacts with an open merge suggestion; Viktor Orlov of Northern Star
  Trading, who asked about Chen Hui's work, is on Lumen's own watch list and raises a hit.

The trips "Summit, Berlin" (debriefed) and "Lab visit, Zurich" (closed) of
:mod:`waypost.demo.travel` are recorded in those statuses without a debrief; the workflow cannot
write one for a trip past ``debrief_due``, so they are left as they are.

Idempotent: trips already present (by traveller and title) and a debrief already started are
left alone; the overdue notices are sent once (the job's own de-duplication).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from waypost.core import clock
from waypost.debriefs import answers as answer_rules
from waypost.debriefs.models import Debrief
from waypost.debriefs.services import debrief_draft_save, debrief_transition, debriefs_remind
from waypost.debriefs.tasks import contacts_register_task
from waypost.people.models import Person
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip
from waypost.trips.services import trip_create, trip_transition

from .travel import _round_trip

WEI = "wei.zhang@lumen.example"
HUI = "hui.chen@lumen.example"
OLU = "olu.adeyemi@lumen.example"
FRANKFURT = "Industry forum, Frankfurt"

LI_MING = {
    "name": "李明",
    "name_latin": "Li Ming",
    "kind": "person",
    "organisation": "Zhongguancun Lab",
    "country": "CN",
    "role": "Visiting researcher",
}


@dataclass
class DebriefPlan:
    """A trip back from ``city`` and the debrief its traveller submits, then the officer's review."""

    email: str
    title: str
    airport: str
    city: str
    country: str
    #: Days before today that the trip started, and how long it lasted.
    ago: int
    days: int
    activities: str
    contacts: list[dict[str, Any]]
    information_shared: str = "Only the published slides and the public paper."
    suspicious_detail: str = ""
    #: The security officer's review (outcome, note), or None to leave it waiting.
    review: tuple[str, str] | None = None


def _plans() -> list[DebriefPlan]:
    return [
        DebriefPlan(
            HUI,
            "Robotics fair, Munich",
            "MUC",
            "Munich",
            "DE",
            ago=26,
            days=4,
            activities="Visited the robotics fair and two exhibitors' booths; attended the keynotes.",
            contacts=[
                {
                    "name": "王芳",
                    "organisation": "Pearl River Robotics",
                    "country": "CN",
                    "role": "Sales engineer",
                    "met_on": 1,
                    "where": "Pearl River Robotics booth",
                    "how": "event",
                    "topics": "Their grippers and delivery times.",
                }
            ],
            review=("closed", "Routine trade-fair contact; nothing further."),
        ),
        DebriefPlan(
            WEI,
            "Foundation models workshop, Paris",
            "CDG",
            "Paris",
            "FR",
            ago=9,
            days=4,
            activities="Gave the invited talk on evaluation methods and sat on the closing panel.",
            contacts=[
                {
                    **LI_MING,
                    "met_on": 1,
                    "where": "Coffee break after my talk",
                    "how": "event",
                    "topics": "He asked how large our training cluster is and which data we train on.",
                    "follow_up": "He asked for my private e-mail address; I gave my work card only.",
                    "asked_about_work": True,
                    "asked_to_stay_in_touch": True,
                },
                {
                    "name": "Wang Fang",
                    "organisation": "Pearl River Robotics",
                    "country": "CN",
                    "role": "Sales engineer",
                    "met_on": 2,
                    "where": "Workshop dinner",
                    "how": "social",
                    "topics": "Robot arms for our data-collection lab.",
                },
            ],
            information_shared="The talk's slides, which are public.",
            suspicious_detail=(
                "Li Ming came back to the questions about our compute and training data twice, "
                "after I had said I could not discuss them."
            ),
            review=(
                "follow_up",
                "Li Ming of Zhongguancun Lab pressed for details of our compute and training data. "
                "Brief Wei Zhang before his next conference and watch for further approaches.",
            ),
        ),
        DebriefPlan(
            HUI,
            "AI conference, London",
            "LHR",
            "London",
            "GB",
            ago=12,
            days=5,
            activities="Presented a poster on robot learning and attended the safety track.",
            contacts=[
                {
                    **LI_MING,
                    "met_on": 2,
                    "where": "Poster session",
                    "how": "event",
                    "topics": "Our poster; he knew Wei Zhang from a workshop in Paris.",
                },
                {
                    "name": "Viktor Orlov",
                    "organisation": "Northern Star Trading",
                    "country": "RU",
                    "role": "Business development",
                    "met_on": 3,
                    "where": "Conference reception",
                    "how": "social",
                    "topics": "Asked which robots our lab uses and whether we sell trained models.",
                    "follow_up": "Offered to pay for a consulting call; I declined.",
                    "asked_about_work": True,
                    "asked_to_stay_in_touch": True,
                },
            ],
            suspicious_detail="Viktor Orlov offered money for a consulting call about our models.",
        ),
    ]


def load_debriefs() -> int:
    """The overdue debrief, the debriefs submitted and reviewed, and the register they fill."""
    created = _load_overdue()
    reviewer = Person.objects.filter(email=OLU).select_related("user").first()
    for plan in _plans():
        traveller = Person.objects.filter(email=plan.email).select_related("user").first()
        if (
            traveller is None
            or traveller.user is None
            or Trip.objects.filter(traveller=traveller, title=plan.title).exists()
        ):
            continue
        with transaction.atomic():
            _debriefed_trip(traveller, plan, reviewer)
        created += 1
    # The daily job: reminders, overdue notices and escalation, each sent once.
    debriefs_remind(on=clock.today())
    return created


def _load_overdue() -> int:
    """Wei Zhang's Frankfurt trip: due day from its obligations (as the return job sets it), a draft."""
    traveller = Person.objects.filter(email=WEI).select_related("user").first()
    trip = (
        Trip.objects.filter(traveller=traveller, title=FRANKFURT, status=TripStatus.DEBRIEF_DUE).first()
        if traveller is not None and traveller.user is not None
        else None
    )
    if traveller is None or trip is None or Debrief.objects.filter(trip=trip).exists():
        return 0
    if trip.debrief_due_on is None:
        return 0
    answers = answer_rules.prefill(trip.facts or {})
    answers["activities"] = "Spoke on the panel about AI in manufacturing; met potential partners."
    answers["contacts"] = [
        {
            "name": "Klaus Berger",
            "kind": "person",
            "organisation": "Rhein-Main Ventures",
            "country": "DE",
            "how": "event",
            "topics": "Investment in Chinese AI start-ups",
        }
    ]
    with transaction.atomic():
        debrief_draft_save(actor=traveller.user, trip=trip, answers=answers)
    return 1


def _debriefed_trip(traveller: Person, plan: DebriefPlan, reviewer: Person | None) -> Trip:
    """The trip back home with a debrief due (as the return job does), written, submitted, reviewed."""
    start = clock.today() - dt.timedelta(days=plan.ago)
    facts = _round_trip(
        "PEK",
        plan.airport,
        plan.city,
        plan.country,
        start,
        plan.days,
        out=("01:00", "06:00"),
        back=("13:00", "05:30"),
    )
    trip, _assessment = trip_create(
        actor=None, traveller=traveller, facts=facts, title=plan.title, status=TripStatus.TRAVELLING
    )
    trip = trip_transition(actor=None, trip=trip, action="return")
    trip = trip_transition(actor=None, trip=trip, action="debrief_due")
    saved = debrief_draft_save(actor=traveller.user, trip=trip, answers=_answers(trip, plan, start))
    debrief = debrief_transition(actor=traveller.user, debrief=saved.debrief, action="submit")
    # What the worker does once the submission commits: the register, merge suggestions, screening.
    contacts_register_task.call_local(trip.pk)
    if plan.review is not None and reviewer is not None and reviewer.user is not None:
        outcome, note = plan.review
        debrief_transition(actor=reviewer.user, debrief=debrief, action="review", outcome=outcome, note=note)
    return trip


def _answers(trip: Trip, plan: DebriefPlan, start: dt.date) -> dict[str, Any]:
    answers = answer_rules.prefill(trip.facts or {})
    contacts = []
    for contact in plan.contacts:
        row = {"kind": "person", **contact}
        row["met_on"] = (start + dt.timedelta(days=contact["met_on"])).isoformat()
        contacts.append(row)
    answers.update(
        activities=plan.activities,
        contacts=contacts,
        information_shared=plan.information_shared,
        gifts="",
        devices_out_of_control="no",
        suspicious="yes" if plan.suspicious_detail else "no",
        suspicious_detail=plan.suspicious_detail,
    )
    return answers
