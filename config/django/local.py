"""The embedded, single-machine configuration used by `waypost demo` and development."""

from __future__ import annotations

import secrets

from config.env import env, env_bool, env_str

from .base import *  # noqa: F403
from .base import VAR_DIR


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else one generated once into var/."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
