"""Addresses of the workspace's pages, for any page that names a record (drill-down rows,
the home page's deadlines): `record_url(obj)` opens the record's page."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from sifa.core import registry


def _slug(model) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


def page_url(rt: registry.RecordType, page: str, *args) -> str:
    """The address of one of the type's pages: list, create, export, lookup, detail, edit,
    move."""
    app, name = _slug(rt.model)
    return reverse(f"workspace:{app}_{name}_{page}", args=args)


def record_url(obj) -> str:
    """The record page of `obj` (a declared record type's record), or "" for anything else.
    A child row (a case's party) opens its parent's page."""
    if obj is None or getattr(obj, "pk", None) is None:
        return ""
    model = type(obj)
    rt = registry.find(model)
    if rt is None:
        parent = registry.parent_of(model)
        if parent is None:
            return ""
        return record_url(getattr(obj, parent[1].link, None))
    try:
        return page_url(rt, "detail", obj.pk)
    except NoReverseMatch:
        return ""


def list_url(rt: registry.RecordType) -> str:
    return page_url(rt, "list")
