"""REST endpoints derived from the record declarations: one viewset per record type.

Every endpoint reads through its record type's selector and writes through the save it
declares (`sifa.core.registry`), the same as the entry screen and the import; a record type's
declared children (a mediation case's parties) are written with it, nested, under the same
children rules; deletes are soft; rule violations are 400 answers with the Chinese messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from sifa.core import access, registry
from sifa.core.services import record_delete, record_save
from sifa.dataio.exporter import exportable
from sifa.dataio.schema import BOOKKEEPING, record_models

MSG_NO_MOVE = "没有这项办理步骤。"
MSG_NOT_FOUND = "记录不存在。"
MSG_MOVE_UNAVAILABLE = "此记录现在不能办理“{label}”。"


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
    """Personal data as the reader may see it (registry.present: ID and phone numbers in full
    only to the staff who handle the records; everything masked for 上级查看)."""

    def get_fields(self):
        fields = super().get_fields()
        for f in fields.values():  # a required field left empty: the message of every door
            for key in ("required", "null", "blank"):
                if key in f.error_messages:
                    f.error_messages[key] = registry.MSG_REQUIRED
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if request is None:
            return data
        model = type(instance)
        full = registry.shows_in_full(model, user)
        for name in registry.sensitive_fields(model):
            if data.get(name):
                data[name] = registry.present(model, name, data[name], user, full=full)
        return data


def children_of(model) -> list[tuple[str, registry.Child]]:
    """(field name in the API, declaration) of each child table the record type declares."""
    rt = registry.find(model)
    if rt is None:
        return []
    return [
        (child.model._meta.get_field(child.link).remote_field.get_accessor_name(), child)
        for child in rt.children
    ]


def _child_serializer(child: registry.Child):
    # The link to the parent and the region (which follows the parent) are not the client's.
    fields = [n for n in _field_names(child.model) if n not in (child.link, "region")]
    meta = type("Meta", (), {"model": child.model, "fields": fields})
    name = f"{child.model._meta.app_label.title()}{child.model.__name__}ChildSerializer"
    doc = str(child.model._meta.verbose_name)
    return type(name, (RecordSerializer,), {"Meta": meta, "__doc__": doc})


def _derived_names(model) -> list[str]:
    """Fields the system keeps (the status, deadlines it computes): read, never written."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING and not f.editable
    ]


def serializer_for(model):
    derived = _derived_names(model)
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": _field_names(model) + derived,
            "read_only_fields": derived,
        },
    )
    name = f"{model._meta.app_label.title()}{model.__name__}Serializer"
    attrs = {"Meta": meta, "__doc__": str(model._meta.verbose_name)}
    rt = registry.find(model)
    if rt is not None and rt.moves:
        meta.fields = [*meta.fields, "moves"]
        attrs["moves"] = serializers.SerializerMethodField(
            help_text="此记录现在可以办理的步骤：POST 到 …/{id}/moves/{name}/ 办理。"
        )
        attrs["get_moves"] = _available_moves
    for field_name, child in children_of(model):
        meta.fields = [*meta.fields, field_name]
        attrs[field_name] = _child_serializer(child)(
            many=True,
            required=False,
            help_text=child.message or f"{child.model._meta.verbose_name}（随本记录一并写入）",
        )
    return type(name, (RecordSerializer,), attrs)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "label": {"type": "string"}},
            "required": ["name", "label"],
        },
    }
)
def _available_moves(serializer, obj) -> list[dict]:
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return [
        {"name": m.name, "label": m.label} for m in registry.get(type(obj)).moves_for(user, obj)
    ]


class MovesMixin:
    """`POST …/{id}/moves/{move}/`: take one declared step (registry.Move) on a record, with
    the fields its form asks for; the same service and messages as the entry screen."""

    @extend_schema(
        request={"application/json": {"type": "object", "additionalProperties": True}},
        responses=None,
        description="办理一个步骤：请求体为该步骤所需的字段（如 on=办理日期）。",
    )
    @action(detail=True, methods=["post"], url_path=r"moves/(?P<move>[a-z_]+)")
    def move(self, request, pk=None, move=None):
        step = registry.get(self.model).move(move or "")
        if step is None:
            raise NotFound(MSG_NO_MOVE)
        obj = self.get_object()  # 404 outside the caller's scope, as for any read
        if not step.available(request.user, obj):
            raise serializers.ValidationError(
                {"non_field_errors": [MSG_MOVE_UNAVAILABLE.format(label=step.label)]}
            )
        form = step.make_form(request.data)
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        try:
            saved = step.perform(obj, form.cleaned_data, user=request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_detail(exc))
        saved = saved if isinstance(saved, models.Model) else obj
        saved.refresh_from_db()
        return Response(self.get_serializer(saved).data)


def _detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


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

    def get_object(self):
        """One record; missing and hidden alike answer 404 in Chinese (not Django's text)."""
        try:
            return super().get_object()
        except Http404:
            raise NotFound(MSG_NOT_FOUND)

    # Reads of audited types (a correction subject's file) write one access row per page or
    # record, as the file page and the entry screen do.
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        registry.get(self.model).log_reads(
            request.user,
            [r["id"] for r in rows],
            remote_addr=request.META.get("REMOTE_ADDR"),
            what="通过数据接口查阅列表",
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        registry.get(self.model).log_reads(
            request.user,
            [response.data["id"]],
            remote_addr=request.META.get("REMOTE_ADDR"),
            what="通过数据接口查阅记录",
        )
        return response

    def _save(self, serializer, instance=None):
        """Save through the record type's declared save; declared children sent with it
        replace its children, through their own saves, after the children rules pass."""
        rt = registry.get(self.model)
        data = dict(serializer.validated_data)
        sent = {}
        for field_name, child in children_of(self.model):
            if field_name in data:
                sent[field_name] = (child, [child.model(**d) for d in data.pop(field_name)])
        obj = instance or self.model()
        for name, value in data.items():
            setattr(obj, name, value)
        creating = instance is None
        user = self.request.user
        try:
            with transaction.atomic():
                rows = {child.model: items for child, items in sent.values()}
                for field_name, child in children_of(self.model):
                    if creating and child.model not in rows:
                        rows[child.model] = []
                    problems = child.problems(
                        obj,
                        rows[child.model] if child.model in rows else list(child.of(obj)),
                        creating=creating,
                    )
                    if problems:
                        raise serializers.ValidationError({field_name: problems})
                saved = rt.save_service()(obj, user=user)
                for child, items in sent.values():
                    old = list(child.of(saved))
                    for item in items:
                        setattr(item, child.link, saved)
                        (child.save or record_save)(item, user=user)
                    for row in old:
                        (child.delete or record_delete)(row, user=user)
            serializer.instance = saved
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_detail(exc))

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        record_delete(instance, user=self.request.user)  # PermissionDenied answers 403


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
        rt = registry.get(model)
        cls = type(
            f"{model._meta.app_label.title()}{model.__name__}ViewSet",
            (MovesMixin, RecordViewSet) if rt.moves else (RecordViewSet,),
            {
                "model": model,
                "serializer_class": serializer_for(model),
                "queryset": model._default_manager.none(),
                "__doc__": f"{model._meta.verbose_name_plural}：按区域（region=区划代码）和日期（start、end）筛选。",
            },
        )
        out.append((f"{model._meta.app_label}/{model._meta.model_name}", cls))
    return out
