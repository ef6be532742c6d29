"""Production: PostgreSQL behind nginx over HTTPS. Requires SIFA_SECRET_KEY and SIFA_DATABASE_URL."""

from .base import *  # noqa: F403
from .base import _env

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env("SIFA_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(_env("SIFA_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STATIC_ROOT = _env("SIFA_STATIC_ROOT", "/var/lib/sifa/static")

# Read by the deploy check (sifa.core.checks.production_environment: sifa.E010-E012), which
# fails `sifa check --deploy` when either is missing, instead of falling back to the pilot's
# generated key file and SQLite database.
SIFA_PRODUCTION = True
SIFA_SECRET_KEY_FROM_ENV = bool(_env("SIFA_SECRET_KEY"))
SIFA_DATABASE_URL_FROM_ENV = bool(_env("SIFA_DATABASE_URL"))
