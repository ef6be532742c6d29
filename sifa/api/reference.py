"""Read-only endpoints for what the records link to, so a client can find the ids it sends:
the reference data (regions, activity types and their measures, units of the organisation)
and every declared child table (a case's parties, a committee's members…), scoped like the
records (`registry.visible`: a child through its parent, a unit by its region)."""

from __future__ import annotations

from django.db import models
from rest_framework import permissions, viewsets

from sifa.core import access, registry

from .derived import RecordSerializer, _field_names, children_of
from .errors import MSG_NO_READ, MSG_NOT_FOUND


class CanRead(permissions.BasePermission):
    message = MSG_NO_READ

    def has_permission(self, request, view):
        if view.catalogue:  # the catalogue is the same for everyone who may use the API
            return True
        role = access.role_of(request.user)
        return role not in ("anonymous", "viewer") and role not in access.ADMIN_ROLES


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    model: type[models.Model]
    catalogue = False
    permission_classes = [permissions.IsAuthenticated, CanRead]

    def get_queryset(self):
        qs = self.model._default_manager.all().order_by("pk")
        if self.catalogue:
            return qs
        return registry.visible(self.request.user, qs)

    def get_object(self):
        from django.http import Http404
        from rest_framework.exceptions import NotFound

        try:
            return super().get_object()
        except Http404:
            raise NotFound(MSG_NOT_FOUND)


def _serializer(model, fields):
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    name = f"{model._meta.app_label.title()}{model.__name__}ReadSerializer"
    return type(name, (RecordSerializer,), {"Meta": meta, "__doc__": str(model._meta.verbose_name)})


def _viewset(model, *, catalogue: bool, fields=None):
    names = fields or [
        f.name for f in model._meta.concrete_fields if f.name not in {"created_by", "deleted_at"}
    ]
    plural = model._meta.verbose_name_plural
    return type(
        f"{model._meta.app_label.title()}{model.__name__}ReadViewSet",
        (ReferenceViewSet,),
        {
            "model": model,
            "catalogue": catalogue,
            "serializer_class": _serializer(model, names),
            "queryset": model._default_manager.none(),
            "__doc__": f"{plural}（只读）。",
        },
    )


def reference_viewsets():
    """(url prefix, viewset) for the reference data and every declared child table."""
    from sifa.core.models import ActivityType, Measure, Region, Unit

    out = [
        ("core/region", _viewset(Region, catalogue=True)),
        ("core/measure", _viewset(Measure, catalogue=True)),
        (
            "core/activitytype",
            _viewset(
                ActivityType,
                catalogue=True,
                fields=["id", "code", "name", "line", "measures", "needs_theme", "active"],
            ),
        ),
        ("core/unit", _viewset(Unit, catalogue=False)),
    ]
    seen = set()
    for model in registry.record_models():
        for _name, child in children_of(model):
            if child.model in seen:
                continue
            seen.add(child.model)
            opts = child.model._meta
            out.append(
                (
                    f"{opts.app_label}/{opts.model_name}",
                    _viewset(child.model, catalogue=False, fields=_field_names(child.model)),
                )
            )
    return out
