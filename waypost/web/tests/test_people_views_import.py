"""``/people/import/``: upload a CSV; problems are shown as a table and nothing is imported."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from waypost.people.models import Person
from waypost.testing import Cast

URL = "/people/import/"


def upload(rows: list[str]) -> SimpleUploadedFile:
    text = "\n".join(["email,name_latin,unit,manager_email", *rows]) + "\n"
    return SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")


def test_valid_upload_imports_and_redirects(cast: Cast, login: Any) -> None:
    """A valid file is imported and the officer is sent to the people list with a summary."""
    # given
    client = login(cast.olu)
    # when
    response = client.post(URL, {"file": upload(["nina@lumen.example,Nina Park,lumen-models,"])}, follow=True)
    # then
    assert response.redirect_chain == [("/people/", 302)]
    assert Person.objects.filter(email="nina@lumen.example").exists()
    assert "Imported: 1 new, 0 updated." in response.content.decode()


def test_upload_with_problems_shows_the_error_table_and_imports_nothing(cast: Cast, login: Any) -> None:
    """Every problem is listed with row, column and reason; status 400; no one is created."""
    # given
    client = login(cast.olu)
    people_before = Person.objects.count()
    # when
    response = client.post(
        URL,
        {
            "file": upload(
                [
                    "nina@lumen.example,Nina Park,lumen-models,",
                    "omar@lumen.example,Omar Haddad,no-such-unit,",
                    "pia@lumen.example,Pia Rossi,lumen-models,ghost@lumen.example",
                ]
            )
        },
    )
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert "<td>3</td><td><code>unit</code></td><td>Unknown unit &#x27;no-such-unit&#x27;.</td>" in html
    assert "<td>4</td><td><code>manager_email</code></td>" in html
    assert "Nothing was imported: 2 problems." in html
    assert Person.objects.count() == people_before


def test_upload_without_a_file_is_a_form_error(cast: Cast, login: Any) -> None:
    """Submitting the form without a file asks for one."""
    # given
    client = login(cast.olu)
    # when
    response = client.post(URL, {})
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert 'id="import-errors"' not in response.content.decode()


def test_page_is_hidden_from_those_who_cannot_import(cast: Cast, login: Any) -> None:
    """Travellers and auditors get a 404, and a POST from them imports nothing."""
    for persona in (cast.alice, cast.audrey):
        client = login(persona)
        assert client.get(URL).status_code == 404
        response = client.post(URL, {"file": upload(["nina@lumen.example,Nina Park,lumen-models,"])})
        assert response.status_code == 404
    assert not Person.objects.filter(email="nina@lumen.example").exists()
