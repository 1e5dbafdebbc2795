"""Settings for the test suite: real databases (SQLite or PostgreSQL via DATABASE_URL), locmem e-mail."""

from __future__ import annotations

import tempfile
from typing import Any

from config.env import database_from_url, env_str

from .base import *  # noqa: F403
from .base import HUEY

SECRET_KEY = "test-only-secret-key-not-for-deployments"  # noqa: S105
DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing keeps the suite quick
_database: dict[str, Any] = database_from_url(env_str("DATABASE_URL", "sqlite:///:memory:"))
if str(_database["ENGINE"]).endswith("sqlite3"):
    _database["TEST"] = {"NAME": ":memory:"}
DATABASES = {"default": _database}
HUEY = {**HUEY, "huey_class": "huey.MemoryHuey", "immediate": True}
HUEY.pop("filename", None)
HUEY.pop("url", None)
_MEDIA_STORAGE: dict[str, Any] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp()},
}
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"
