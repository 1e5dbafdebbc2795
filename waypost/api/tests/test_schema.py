"""The OpenAPI schema and its documentation pages, served without any CDN."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from drf_spectacular.validation import validate_schema

PATHS = {
    "/api/v1/me/",
    "/api/v1/people/",
    "/api/v1/people/{person_id}/",
    "/api/v1/people/import/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{node_id}/",
    "/api/v1/audit/events/",
}


@pytest.fixture
def schema(db: Any, client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi(schema: dict[str, Any]) -> None:
    """The schema validates against the OpenAPI 3 meta-schema."""
    # when / then (raises on an invalid schema)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_lists_every_endpoint(schema: dict[str, Any]) -> None:
    """Every public endpoint is documented; the docs pages themselves are not."""
    assert set(schema["paths"]) >= PATHS
    assert "/api/v1/docs/" not in schema["paths"]


def test_schema_documents_token_auth_and_the_error_shape(schema: dict[str, Any]) -> None:
    """Bearer tokens are declared, and error responses use the shared Error component."""
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    not_found = schema["paths"]["/api/v1/people/{person_id}/"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"


def test_schema_as_json(db: Any, client: Any) -> None:
    """``?format=json`` serves the same schema as JSON."""
    # when
    response = client.get("/api/v1/schema/", {"format": "json"})
    # then
    assert set(response.json()["paths"]) >= PATHS


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_nothing_from_a_cdn(db: Any, client: Any, path: str) -> None:
    """The documentation pages use vendored assets only: no CDN, no third-party host."""
    # when
    response = client.get(path)
    # then
    assert response.status_code == 200
    html = response.content.decode().lower()
    for cdn in ("cdn", "unpkg", "jsdelivr", "googleapis"):
        assert cdn not in html
    assert EXTERNAL.search(html) is None
    assert "/static/drf_spectacular_sidecar/" in html


def test_swagger_start_up_script_is_served_as_a_file(db: Any, client: Any) -> None:
    """Swagger UI's start-up script comes from the docs URL itself, so no inline script is needed."""
    # given
    page = client.get("/api/v1/docs/").content.decode()
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', page)
    assert script_url is not None
    # when
    response = client.get(script_url.group(1).replace("&amp;", "&"))
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in response.content.decode()
