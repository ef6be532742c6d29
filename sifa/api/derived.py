"""REST endpoints derived from the record declarations: one viewset per record type.

Every endpoint reads through core.access.scope, writes through the same service as the entry
screen (the admin's `save_service`, else core.services.record_save), deletes softly, and turns
rule violations into 400 answers with the Chinese field messages.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from sifa.core import access, idnumber
from sifa.core.services import record_delete, record_save
from sifa.dataio.exporter import exportable
from sifa.dataio.schema import BOOKKEEPING, record_models


def _field_names(model) -> list[str]:
    return ["id"] + [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING and f.editable
    ]


def date_field_of(model) -> str | None:
    declared = getattr(model, "api_date_field", None)
    if declared:
        return declared
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return f.name
    return None


class RecordSerializer(serializers.ModelSerializer):
    """Masks sensitive fields for readers who may not see personal data."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not access.can_see_personal_data(request.user):
            for name in getattr(type(instance), "sensitive_fields", ()):
                if data.get(name):
                    data[name] = idnumber.mask(str(data[name])) if "id_number" in name else "***"
        return data


def serializer_for(model):
    meta = type("Meta", (), {"model": model, "fields": _field_names(model)})
    name = f"{model._meta.app_label.title()}{model.__name__}Serializer"
    return type(name, (RecordSerializer,), {"Meta": meta, "__doc__": str(model._meta.verbose_name)})


class CanWriteLine(permissions.BasePermission):
    message = access.MSG_NO_WRITE

    def has_permission(self, request, view):
        if access.role_of(request.user) == "viewer":
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.can_write(request.user, view.model)


class RecordViewSet(viewsets.ModelViewSet):
    """List, read, create, update and (softly) delete records of one type."""

    model: type[models.Model]
    permission_classes = [permissions.IsAuthenticated, CanWriteLine]

    def get_queryset(self):
        qs = exportable(self.request.user, self.model).order_by("pk")
        params = self.request.query_params
        if params.get("region"):
            qs = qs.filter(region__code__startswith=_prefix(params["region"]))
        date_field = date_field_of(self.model)
        if date_field and params.get("start"):
            qs = qs.filter(**{f"{date_field}__gte": params["start"]})
        if date_field and params.get("end"):
            qs = qs.filter(**{f"{date_field}__lte": params["end"]})
        return qs

    def _save(self, serializer, instance=None):
        obj = instance or self.model()
        for name, value in serializer.validated_data.items():
            setattr(obj, name, value)
        model_admin = admin.site._registry.get(self.model)
        service = getattr(type(model_admin), "save_service", None) or record_save
        try:
            serializer.instance = service(obj, user=self.request.user)
        except DjangoValidationError as exc:
            detail = (
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            )
            raise serializers.ValidationError(detail)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        try:
            record_delete(instance, user=self.request.user)
        except PermissionError as exc:
            raise PermissionDenied(str(exc))


def _prefix(code: str) -> str:
    from sifa.core.models import Region

    region = Region.objects.filter(code=code).first()
    if region is None:
        raise serializers.ValidationError({"region": f"未知的区划代码“{code}”。"})
    return region.prefix


def viewsets_for_records():
    """(url prefix, viewset) for every record type."""
    out = []
    for model in record_models():
        cls = type(
            f"{model._meta.app_label.title()}{model.__name__}ViewSet",
            (RecordViewSet,),
            {
                "model": model,
                "serializer_class": serializer_for(model),
                "queryset": model._default_manager.none(),
                "__doc__": f"{model._meta.verbose_name_plural}：按区域（region=区划代码）和日期（start、end）筛选。",
            },
        )
        out.append((f"{model._meta.app_label}/{model._meta.model_name}", cls))
    return out
