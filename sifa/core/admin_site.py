"""The Django admin: 系统管理 for the three separated administrators (accounts, catalogue,
settings; the security administrator's rights and lock releases; the auditor's logs).

Business staff work in the workspace (`sifa.workspace`, /records/) and never see an admin page:
a signed-in user the admin does not serve is sent to the workspace page standing for the one
asked (a record's admin page → its record page, a list → the list, add → the create form),
or to the home page when there is none.

Why here and not in a middleware: every admin URL, the catch-all for unknown admin paths
included, is wrapped by `AdminSite.admin_view`, so this one wrapper closes the whole admin
(whatever is registered later) without a second list of URL prefixes to keep in step with
`sifa/urls.py`; `has_permission` is the admin's own single test of who it serves.
"""

from __future__ import annotations

import re
from functools import update_wrapper

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, path, reverse

from sifa.core import access

# <app>/<model>/ then "add/", or "<pk>/" and an optional page ("change/", "history/", …).
_MODEL_PATH = re.compile(r"^(?P<app>\w+)/(?P<model>\w+)/(?:(?P<pk>[^/]+)/)?(?:(?P<page>\w+)/)?")


def workspace_equivalent(request) -> str:
    """Where a business user asking for an admin page is sent instead."""
    from sifa.workspace.links import equivalent_of_admin

    try:
        root = reverse("admin:index")
    except NoReverseMatch:  # pragma: no cover - the admin is always routed
        root = "/admin/"
    rest = request.path_info[len(root) :] if request.path_info.startswith(root) else ""
    match = _MODEL_PATH.match(rest)
    url = ""
    if match:
        pk = match["pk"]
        page = match["page"] or ""
        if pk == "add":
            pk, page = None, "add"
        url = equivalent_of_admin(match["app"], match["model"], pk, page or "changelist")
        if url and pk is None and page != "add" and request.GET:
            # a list's filters and search keep their meaning where the names agree
            url = f"{url}?{request.GET.urlencode()}"
    return url or resolve_url("home")


class SifaAdminSite(admin.AdminSite):
    site_header = "司法 · 县司法局业务系统"
    site_title = "司法业务系统"
    index_title = "系统管理"
    enable_nav_sidebar = True

    def has_permission(self, request):
        """Only the three separated administrators (三员分立); no business account."""
        user = request.user
        return user.is_active and access.is_administrator(user)

    def get_urls(self):
        return _former_record_urls() + super().get_urls()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                return HttpResponseRedirect(workspace_equivalent(request))
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)


def _former_record_urls():
    """The admin's former names of the business record pages (`admin:mediation_mediationcase_
    change` …), each leading to the workspace page standing for it, so that a link still
    reversed by such a name (a panel, a bookmark) lands in the workspace, not on an error.
    Transitional: once no code reverses an `admin:<record type>_…` name, these go."""
    from sifa.workspace import spec
    from sifa.workspace.links import equivalent_of_admin

    def forward(app, model, page):
        def view(request, object_id=None):
            url = equivalent_of_admin(app, model, object_id, page)
            if page == "changelist" and request.GET:
                url = f"{url}?{request.GET.urlencode()}"
            return HttpResponseRedirect(url)

        return view

    urls = []
    for rt in spec.workspace_types():
        app, model = spec.slug(rt)
        base, name = f"{app}/{model}/", f"{app}_{model}"
        urls += [
            path(base, forward(app, model, "changelist"), name=f"{name}_changelist"),
            path(f"{base}add/", forward(app, model, "add"), name=f"{name}_add"),
            path(
                f"{base}<path:object_id>/change/",
                forward(app, model, "change"),
                name=f"{name}_change",
            ),
            path(
                f"{base}<path:object_id>/history/",
                forward(app, model, "history"),
                name=f"{name}_history",
            ),
        ]
    return urls
