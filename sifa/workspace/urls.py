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
    return (
        [
            path(base, views.record_list, kw, name=f"{name}_list"),
            path(f"{base}new/", views.record_create, kw, name=f"{name}_create"),
            path(f"{base}export/", views.record_export, kw, name=f"{name}_export"),
            path(f"{base}lookup/<slug:field>/", views.lookup, kw, name=f"{name}_lookup"),
            path(f"{base}<int:pk>/", views.record_detail, kw, name=f"{name}_detail"),
            path(f"{base}<int:pk>/edit/", views.record_edit, kw, name=f"{name}_edit"),
            path(f"{base}<int:pk>/move/<slug:move>/", views.record_move, kw, name=f"{name}_move"),
        ]
        + [
            # each declared list action and further page at its own address
            path(
                f"{base}do/{a.name}/",
                views.record_action,
                {**kw, "action": a.name},
                name=f"{name}_do_{a.name}",
            )
            for a in rt.actions
        ]
        + [
            path(
                f"{base}page/{p.name}/",
                views.record_extra_page,
                {**kw, "page": p.name},
                name=f"{name}_page_{p.name}",
            )
            for p in rt.pages
        ]
    )


app_name = "workspace"

urlpatterns = [path("", views.index, name="index")]
for _rt in spec.workspace_types():
    urlpatterns += _pages(_rt)
