"""The workspace's pages, one set per declared record type (`records/<app>/<model>/…`).

The routes are spelled out per type (not a pattern with the type as a parameter), so every
page of every type is a routed URL that the role × URL matrix walks with its records' ids.
"""

from django.urls import path

from . import spec, views


def _pages(rt):
    app, model = spec.slug(rt)
    kw = {"app": app, "model": model}
    base = f"{app}/{model}/"
    name = f"{app}_{model}"
    return [
        path(base, views.record_list, kw, name=f"{name}_list"),
        path(f"{base}new/", views.record_create, kw, name=f"{name}_create"),
        path(f"{base}export/", views.record_export, kw, name=f"{name}_export"),
        path(f"{base}lookup/<slug:field>/", views.lookup, kw, name=f"{name}_lookup"),
        path(f"{base}<int:pk>/", views.record_detail, kw, name=f"{name}_detail"),
        path(f"{base}<int:pk>/edit/", views.record_edit, kw, name=f"{name}_edit"),
        path(f"{base}<int:pk>/move/<slug:move>/", views.record_move, kw, name=f"{name}_move"),
    ]


app_name = "workspace"

urlpatterns = [path("", views.index, name="index")]
for _rt in spec.workspace_types():
    urlpatterns += _pages(_rt)
