"""Deployment settings: refuse to start without real secrets, secure cookies and HTTPS headers."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env, env_bool, env_int, env_list

from .base import *  # noqa: F403

SECRET_KEY = env("SECRET_KEY") or ""
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", "change-me", "test-only")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters (or SECRET_KEY_FILE) "
        "in production"
    )
if not env("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL recommended)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host names Waypost is served under")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
