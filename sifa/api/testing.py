"""For tests of any app that call the API: the errors of an answer as {field: [messages]}."""

from __future__ import annotations


def field_errors(response) -> dict:
    """{field: [messages]} of an answer in the API's one error shape (field None: the
    request as a whole)."""
    out: dict = {}
    for e in response.json()["errors"]:
        out.setdefault(e["field"], []).append(e["message"])
    return out
