"""Errors that reach users. Every message is Chinese and says what to do.

SifaError
 ├── RuleViolation        a write would break a rule of the law or of the data (field errors)
 │    └── TransitionNotAllowed   a case cannot move from its status to the one asked for
"""

from django.core.exceptions import ValidationError


class SifaError(Exception):
    """Base of every error Sifa shows to a user."""


class RuleViolation(ValidationError, SifaError):
    """A write would break a rule; carries field errors like Django's ValidationError."""


class TransitionNotAllowed(RuleViolation):
    """A case cannot move from its current status to the requested one."""
