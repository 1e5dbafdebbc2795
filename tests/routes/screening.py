"""Screening pages and API: hits are for officers, auditors and administrators over the traveller."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypost.screening.models import Hit, ListEntryRecord, ListVersion, RestrictedList, ScreeningSubject
from waypost.testing import Cast

from .common import API_ANON, HIDDEN, NO_ARGS, OK, signed_in


def hit_id(cast: Cast) -> dict[str, Any]:
    restricted = RestrictedList.objects.create(list_id="cn-countersanctions", format="cn-csv")
    version = ListVersion.objects.create(
        list=restricted, number=1, format="cn-csv", sha256="0" * 64, size=1, imported_at=timezone.now()
    )
    entry = ListEntryRecord.objects.create(
        list=restricted,
        entry_id="42",
        kind="person",
        names=[{"text": "Wang Xiaoming", "kind": "primary", "derived": False}],
        content_hash="a" * 64,
        first_version=version,
        last_changed_version=version,
    )
    subject = ScreeningSubject.objects.create(source_type="meeting", name="王小明", org_path=cast.unit.path)
    hit = Hit.objects.create(
        subject=subject,
        entry=entry,
        list_version=version,
        score=0.93,
        matched_name="Wang Xiaoming",
        entry_hash="a" * 64,
    )
    return {"hit_id": hit.pk}


OVERSIGHT = signed_in(HIDDEN, olu=OK, audrey=OK, ada=OK)
API_OVERSIGHT = signed_in({403}, anonymous=API_ANON, olu=OK, audrey=OK, ada=OK)

ROUTES = {
    "web:hit-list": (NO_ARGS, "get", OVERSIGHT),
    "web:hit-detail": (hit_id, "get", OVERSIGHT),
    "web:screening-lists": (NO_ARGS, "get", OVERSIGHT),
    "api:hits-list": (NO_ARGS, "get", API_OVERSIGHT),
    "api:hits-detail": (hit_id, "get", API_OVERSIGHT),
    # An empty decision: 400 for the officer who may decide, 403 for those who only see hits.
    "api:hits-decide": (
        hit_id,
        "post",
        signed_in({403}, anonymous=API_ANON, olu={400}),
    ),
    "api:lists-status": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    # No list imported in the matrix world: 409 for overseers (after validation of an empty body: 400).
    "api:screen": (NO_ARGS, "post", signed_in({403}, anonymous=API_ANON, olu={400}, audrey={400}, ada={400})),
}
