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


def action_url(rt: registry.RecordType, name: str) -> str:
    """The page of the type's list action `name` (its form; the chosen rows as ?ids=)."""
    return page_url(rt, f"do_{name}")


def extra_page_url(rt: registry.RecordType, name: str) -> str:
    """A further read page the type declares (`RecordType.pages`)."""
    return page_url(rt, f"page_{name}")


def equivalent_of_admin(app_label: str, model_name: str, pk: str | None, page: str) -> str:
    """The workspace page standing for an admin page of `app_label.model_name` (its list, its
    create form, a record's page), or "" when the type has no workspace pages.

    `page` is the admin page: "changelist", "add", or for a record ("change", "history",
    "delete", …) any other word; `pk` the record's id there."""
    from .spec import by_slug

    rt = by_slug(app_label, model_name)
    if rt is None:
        return ""
    try:
        if pk is not None and pk.isdigit():
            return page_url(rt, "detail", int(pk))
        if page == "add":
            return page_url(rt, "create")
        return list_url(rt)
    except NoReverseMatch:
        return ""
