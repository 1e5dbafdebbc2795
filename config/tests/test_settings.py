"""Deployment configuration: ``DATABASE_URL`` parsing, the environment helpers and production's refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, database_from_url, env, env_bool, env_int, env_list, env_str

REAL_SECRET = "k3J9-pQ2_vX7mZ4rT8wY1nB6cF0hL5sD2gA9eR3uI7oP4jK8xW"  # 50 characters, not a known prefix


# --- database_from_url ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///var/waypost.sqlite3", "var/waypost.sqlite3"),
        ("sqlite:////srv/waypost/db.sqlite3", "/srv/waypost/db.sqlite3"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite://", ":memory:"),
        ("sqlite:///var/with%20space.sqlite3", "var/with space.sqlite3"),
    ],
)
def test_sqlite_urls_name_the_file(url: str, name: str) -> None:
    """Three slashes make a relative path, four an absolute one; nothing after them means in memory."""
    # when
    database = database_from_url(url)
    # then
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == name
    assert database["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def test_postgres_url_gives_every_part() -> None:
    """User, password, host, port, name and query options all reach Django, percent-decoded."""
    # when
    database = database_from_url(
        "postgres://way%40post:s3cr%3At%2Fpw@db.internal:6543/waypost_prod?sslmode=require&connect_timeout=5"
    )
    # then
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["USER"] == "way@post"
    assert database["PASSWORD"] == "s3cr:t/pw"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == "6543"
    assert database["NAME"] == "waypost_prod"
    assert database["OPTIONS"] == {"sslmode": "require", "connect_timeout": "5"}


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_url_without_port_or_password(scheme: str) -> None:
    """The scheme's spellings are equivalent; absent parts become empty strings, so libpq's defaults apply."""
    # when
    database = database_from_url(f"{scheme}://waypost@[::1]/waypost")
    # then
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "::1"
    assert database["PORT"] == ""
    assert database["USER"] == "waypost"
    assert database["PASSWORD"] == ""
    assert database["NAME"] == "waypost"
    assert database["OPTIONS"] == {}


def test_unsupported_database_scheme_is_refused() -> None:
    """A MySQL URL fails loudly and names its scheme."""
    with pytest.raises(ImproperlyConfigured, match="'mysql' is not supported"):
        database_from_url("mysql://user:pw@db/waypost")


# --- environment helpers --------------------------------------------------------------------------


def test_secret_is_read_from_name_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``NAME_FILE`` names a file whose content (without the trailing newline) is the value."""
    # given
    secret = tmp_path / "password"
    secret.write_text("from-the-file\n", encoding="utf-8")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", str(secret))
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "from-the-environment")
    # when
    value = env("EMAIL_HOST_PASSWORD")
    # then the file wins over the plain variable
    assert value == "from-the-file"


def test_name_file_feeds_the_typed_helpers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every helper goes through ``env``, so typed settings accept ``_FILE`` too."""
    # given
    for name, content in {"PORT": "2525\n", "TLS": "yes\n", "HOSTS": "a.example, b.example\n"}.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        monkeypatch.setenv(f"WAYPOST_T_{name}_FILE", str(tmp_path / name))
    # then
    assert env_int("WAYPOST_T_PORT", 25) == 2525
    assert env_bool("WAYPOST_T_TLS", False) is True
    assert env_list("WAYPOST_T_HOSTS", []) == ["a.example", "b.example"]


def test_unreadable_name_file_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A ``_FILE`` that cannot be read is a configuration error naming the variable, not a silent default."""
    # given
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    # then
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE="):
        env("SECRET_KEY")


def test_unset_and_empty_variables_fall_back_to_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset or empty variables give the default; set ones are parsed."""
    # given
    monkeypatch.delenv("WAYPOST_T_UNSET", raising=False)
    monkeypatch.setenv("WAYPOST_T_EMPTY", "")
    monkeypatch.setenv("WAYPOST_T_OFF", "Off")
    # then
    assert env("WAYPOST_T_UNSET") is None
    assert env("WAYPOST_T_UNSET", "fallback") == "fallback"
    assert env_str("WAYPOST_T_EMPTY", "fallback") == "fallback"
    assert env_int("WAYPOST_T_EMPTY", 7) == 7
    assert env_bool("WAYPOST_T_EMPTY", True) is True
    assert env_bool("WAYPOST_T_OFF", True) is False
    assert env_list("WAYPOST_T_EMPTY", ["x"]) == ["x"]


@pytest.mark.parametrize(
    ("helper", "value", "message"),
    [
        (env_bool, "maybe", "is not a boolean"),
        (env_int, "eight", "is not an integer"),
    ],
)
def test_bad_typed_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, helper: Callable[[str, int], object], value: str, message: str
) -> None:
    """A value of the wrong type stops start-up and names the variable and the value."""
    # given
    monkeypatch.setenv("WAYPOST_T_BAD", value)
    # then
    with pytest.raises(ImproperlyConfigured, match=f"WAYPOST_T_BAD='{value}' {message}"):
        helper("WAYPOST_T_BAD", 0)


# --- production settings --------------------------------------------------------------------------

PRINT_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SESSION_COOKIE_SECURE, "
    "settings.SECRET_KEY == __import__('os').environ.get('EXPECTED_KEY'))"
)


def load_production(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh interpreter whose environment holds only what is given."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.django.production",
        "WAYPOST_VAR_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **environment,
    }
    return subprocess.run(  # noqa: S603 - fixed command line, our own interpreter
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def deployable(tmp_path: Path) -> dict[str, str]:
    return {
        "SECRET_KEY": REAL_SECRET,
        "EXPECTED_KEY": REAL_SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'waypost.sqlite3'}",
        "ALLOWED_HOSTS": "travel.example.org,www.travel.example.org",
    }


@pytest.mark.parametrize(
    "secret_key",
    [
        None,
        "",
        "too-short",
        "django-insecure-" + "x" * 50,
        "test-only-secret-key-not-for-deployments-" + "x" * 20,
    ],
    ids=["unset", "empty", "short", "django-insecure", "test-key"],
)
def test_production_refuses_to_start_without_a_real_secret_key(
    tmp_path: Path, secret_key: str | None
) -> None:
    """No key, a short one, or a well-known placeholder stops the import with a message naming SECRET_KEY."""
    # given
    environment = deployable(tmp_path)
    del environment["SECRET_KEY"]
    if secret_key is not None:
        environment["SECRET_KEY"] = secret_key
    # when
    result = load_production(tmp_path, **environment)
    # then
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_database_or_hosts(tmp_path: Path, missing: str) -> None:
    """With a good key, a missing DATABASE_URL or ALLOWED_HOSTS still stops the import, naming it."""
    # given
    environment = deployable(tmp_path)
    del environment[missing]
    # when
    result = load_production(tmp_path, **environment)
    # then
    assert result.returncode != 0
    assert f"{missing} must" in result.stderr


def test_production_starts_with_a_real_key_database_and_hosts(tmp_path: Path) -> None:
    """Given a real key, a database and host names, the settings load: DEBUG off, secure cookies."""
    # when
    result = load_production(tmp_path, **deployable(tmp_path))
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['travel.example.org', 'www.travel.example.org'] True True"


def test_production_reads_the_secret_key_from_a_file(tmp_path: Path) -> None:
    """``SECRET_KEY_FILE`` is enough: the key need not sit in the environment."""
    # given
    key_file = tmp_path / "secret_key"
    key_file.write_text(REAL_SECRET + "\n", encoding="utf-8")
    environment = deployable(tmp_path)
    del environment["SECRET_KEY"]
    # when
    result = load_production(tmp_path, SECRET_KEY_FILE=str(key_file), **environment)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True True")
