"""Test settings: a fast password hasher; the database still comes from SIFA_DATABASE_URL."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Imports submitted on the web page run in the request (sifa.dataio.jobs), not in a thread:
# the tests' in-memory SQLite database is not shared with another thread.
SIFA_IMPORT_RUNNER = "inline"
