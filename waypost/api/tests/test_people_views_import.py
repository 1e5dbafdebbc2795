"""``POST /api/v1/people/import/``: multipart CSV; 201 with counts, or 400 with every row problem."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waypost.people.models import Person
from waypost.testing import Cast

URL = "/api/v1/people/import/"


def upload(*rows: str) -> SimpleUploadedFile:
    text = "\n".join(["email,name_latin,unit,manager_email", *rows]) + "\n"
    return SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")


def test_valid_file_is_imported(cast: Cast, login: Any) -> None:
    """A valid upload answers 201 with the counts."""
    # when
    response = login(cast.olu).post(
        URL,
        {
            "file": upload(
                "nina@lumen.example,Nina Park,lumen-models,bob@lumen.example",
                "alice@lumen.example,Alice Wang-Li,lumen-models,bob@lumen.example",
            )
        },
    )
    # then
    assert response.status_code == 201
    assert response.json() == {"created": 1, "updated": 1}
    assert Person.objects.get(email="nina@lumen.example").manager == cast.bob


def test_rejected_file_lists_every_row_and_imports_nothing(cast: Cast, login: Any) -> None:
    """A file with problems answers 400 with ``error.rows``; the valid rows are not imported either."""
    # given
    people_before = Person.objects.count()
    # when
    response = login(cast.olu).post(
        URL,
        {
            "file": upload(
                "nina@lumen.example,Nina Park,lumen-models,",
                "omar@lumen.example,Omar Haddad,kinetic-autonomy,",
                "pia@lumen.example,Pia Rossi,lumen-models,pia@lumen.example",
            )
        },
    )
    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_rejected"
    assert error["message"].startswith("Nothing was imported: 2 problem")
    assert error["fields"] == {}
    assert error["rows"] == [
        {"row": 3, "column": "unit", "reason": "Unknown unit 'kinetic-autonomy'."},
        {"row": 4, "column": "manager_email", "reason": "A person cannot be their own manager."},
    ]
    assert Person.objects.count() == people_before


def test_missing_file_is_a_field_error(cast: Cast, login: Any) -> None:
    """A request without the ``file`` part names the field."""
    # when
    response = login(cast.olu).post(URL, {"other": "x"})
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["file"]


@pytest.mark.parametrize("persona", ["alice", "bob", "audrey", "mallory"])
def test_others_are_forbidden(cast: Cast, login: Any, persona: str) -> None:
    """Travellers, approvers and auditors get 403 and nothing is imported."""
    # when
    response = login(cast.persona(persona)).post(
        URL, {"file": upload("nina@lumen.example,Nina Park,lumen-models,")}
    )
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Person.objects.filter(email="nina@lumen.example").exists()


def test_token_client_can_import(cast: Cast, client: Any) -> None:
    """A script holding Olu's token imports without a session."""
    # given
    from waypost.people.services import api_token_create

    _token, secret = api_token_create(actor=cast.olu.user, name="hr-sync")
    # when
    response = client.post(
        URL,
        {"file": upload("nina@lumen.example,Nina Park,lumen-models,")},
        headers={"Authorization": f"Bearer {secret}"},
    )
    # then
    assert response.status_code == 201
