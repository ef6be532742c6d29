"""Entry screens of the mediation line; every save goes through services."""

from . import cases, committees  # noqa: F401
