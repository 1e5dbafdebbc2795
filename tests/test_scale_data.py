"""``bench/scale_data.py --small`` fills an empty database with the requested counts (a few hundred rows)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.db.models import Count

from waypost.audit.models import AuditEvent
from waypost.debriefs.models import Contact, Encounter
from waypost.people.models import Person, RoleAssignment
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip, TripAssessment

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "scale_data.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale_data", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_small_preset_writes_the_requested_counts() -> None:
    """People, trips, encounters and register entries as asked; every status; no audit events."""
    # given
    scale: Any = _load()
    sizes = scale.SMALL
    # when
    counts = scale.generate(sizes, seed=1, progress=lambda line: None)
    # then
    assert Person.objects.count() == sizes.people
    assert Trip.objects.count() == sizes.trips
    assert Encounter.objects.count() == sizes.contacts
    assert Contact.objects.count() == sizes.register_entries
    assert not Contact.objects.annotate(met=Count("encounters")).filter(met=0).exists()
    assert set(Trip.objects.values_list("status", flat=True)) == set(TripStatus.values)
    assert TripAssessment.objects.filter(is_current=True).exists()
    assert RoleAssignment.objects.filter(role="security_officer", node__kind="organisation").exists()
    assert not AuditEvent.objects.exists()
    assert counts.rows["trips.Trip"] == sizes.trips
