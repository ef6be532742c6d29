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
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from sifa.core import access, registry
from sifa.core.services import record_delete, record_save
from sifa.dataio.exporter import exportable
from sifa.dataio.schema import BOOKKEEPING, record_models

from . import typed
from .errors import MSG_NO_READ, MSG_NOT_FOUND
from .filters import filterset_for

MSG_NO_MOVE = "没有这项办理步骤。"
MSG_MOVE_UNAVAILABLE = "此记录现在不能办理“{label}”。"
# A value the rules would replace (a hearing's region follows its case): refused, not rewritten.
MSG_REWRITTEN = "“{label}”须为“{expected}”（{why}），不能填写“{sent}”；可不填此项。"
MSG_PROTECTED = "“{obj}”仍被{count}条{what}使用，不能删除。"
MSG_UNKNOWN_FIELD = "没有这个字段。"
MSG_READ_ONLY = "“{label}”由系统填写，不能直接修改。"
MSG_STATUS = "“{label}”随办理步骤改变，不能直接修改：请 POST 到 …/{{id}}/moves/{{步骤}}/ 办理。"


class Protected(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "protected"


def _field_names(model) -> list[str]:
    return ["id"] + [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in BOOKKEEPING and f.editable
    ]


class RecordSerializer(serializers.ModelSerializer):
    """Personal data as the reader may see it (registry.present: ID and phone numbers in full
    only to the staff who handle the records; everything masked for 上级查看)."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for f in fields.values():  # a required field left empty: the message of every door
            for key in ("required", "null", "blank"):
                if key in f.error_messages:
                    f.error_messages[key] = registry.MSG_REQUIRED
            _scope_link(f, user)
        return fields

    def to_internal_value(self, data):
        """A field the client may not write is refused, never ignored: the status (changed by
        a move), the dates the system computes, a name the type does not have."""
        if isinstance(data, dict):
            fields = self.fields
            problems = {}
            for name in data:
                f = fields.get(name)
                if f is None:
                    problems[name] = [MSG_UNKNOWN_FIELD]
                elif f.read_only:
                    problems[name] = [_read_only_message(self, name)]
            if problems:
                raise serializers.ValidationError(problems, code="read_only")
        return super().to_internal_value(data)

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


def _read_only_message(serializer, name: str) -> str:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    label = name
    if model is not None:
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = {"moves": "可办理的步骤", "id": "编号"}.get(name, name)
    pipeline = getattr(model, "pipeline", None)
    if pipeline is not None and name == pipeline.field:
        return MSG_STATUS.format(label=label)
    return MSG_READ_ONLY.format(label=label)


def _scope_link(f, user) -> None:
    """A link to a record (a case's committee, its mediator) accepts only the records the
    caller may see: another township's and a missing one are refused alike."""
    relation = getattr(f, "child_relation", f)
    queryset = getattr(relation, "queryset", None)
    if user is None or queryset is None:
        return
    model = queryset.model
    if registry.find(model) is not None or registry.parent_of(model) is not None:
        relation.queryset = registry.visible(user, queryset)
        relation.error_messages["does_not_exist"] = "所选记录不存在或不在您的办理范围内。"


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
    attrs = {"Meta": meta, "__doc__": doc, **typed.fields_for(child.model)}
    return type(name, (RecordSerializer,), attrs)


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
    attrs = {"Meta": meta, "__doc__": str(model._meta.verbose_name), **typed.fields_for(model)}
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
    the fields its form asks for; the same service and messages as the entry screen. Each
    declared move is its own operation in the schema, its body the fields of its form."""

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"], url_path=r"moves/(?P<move>[a-z_]+)")
    def move(self, request, pk=None, move=None):
        return self.take_move(request, move or "")

    def take_move(self, request, name: str):
        step = registry.get(self.model).move(name)
        if step is None:
            raise NotFound(MSG_NO_MOVE)
        obj = self.get_object()  # 404 outside the caller's scope, as for any read
        if not step.available(request.user, obj):
            raise serializers.ValidationError(
                {"non_field_errors": [MSG_MOVE_UNAVAILABLE.format(label=step.label)]},
                code="not_available",
            )
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["请求体应为对象。"]})
        form = step.make_form(request.data)
        unknown = sorted(set(request.data) - set(form.fields))
        if unknown:
            raise serializers.ValidationError({name: [MSG_UNKNOWN_FIELD] for name in unknown})
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    name: [
                        serializers.ErrorDetail(m, code=e.code or "invalid")
                        for e in errors
                        for m in e.messages
                    ]
                    for name, errors in form.errors.as_data().items()
                }
            )
        try:
            saved = step.perform(obj, form.cleaned_data, user=request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_detail(exc))
        saved = saved if isinstance(saved, models.Model) else obj
        saved.refresh_from_db()
        return Response(self.get_serializer(saved).data)


def _form_field(f) -> serializers.Field:
    """The serializer field that describes a move form's field in the schema."""
    from django import forms

    common = {"required": f.required, "help_text": str(f.help_text or f.label or "")}
    if isinstance(f, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(f, forms.TypedChoiceField | forms.ChoiceField):
        choices = [(v, label) for v, label in f.choices if v != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not f.required, **common)
    if isinstance(f, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(f, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(f, forms.IntegerField):
        return serializers.IntegerField(**common)
    if isinstance(f, forms.DecimalField):
        return serializers.DecimalField(max_digits=20, decimal_places=2, **common)
    return serializers.CharField(allow_blank=not f.required, **common)


def _move_action(model, step: registry.Move, record_serializer):
    opts = model._meta
    form = step.make_form()
    body = type(
        f"{opts.app_label.title()}{model.__name__}Move{step.name.title().replace('_', '')}Serializer",
        (serializers.Serializer,),
        {name: _form_field(f) for name, f in form.fields.items()},
    )

    def run(self, request, pk=None):
        return self.take_move(request, step.name)

    run.__name__ = f"move_{step.name}"
    run.__doc__ = f"办理“{step.label}”"
    run = action(
        detail=True,
        methods=["post"],
        url_path=f"moves/{step.name}",
        url_name=f"move-{step.name}",
    )(run)
    return extend_schema(
        request=body,
        responses={200: record_serializer},
        operation_id=f"{opts.app_label}_{opts.model_name}_move_{step.name}",
        summary=f"办理“{step.label}”",
        description=f"办理“{step.label}”：请求体为该步骤表单的字段；与录入页面同一规则和提示。",
    )(run)


def _detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


class CanWriteLine(permissions.BasePermission):
    """Reads for the staff of the records' lines; writes for those who may write the type. A
    refused reader is told about reading, a refused writer about writing."""

    message = access.MSG_NO_WRITE

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            self.message = MSG_NO_READ
            return access.role_of(request.user) != "viewer"
        self.message = access.MSG_NO_WRITE
        if access.role_of(request.user) == "viewer":
            return False
        return access.can_write(request.user, view.model)


class RecordViewSet(viewsets.ModelViewSet):
    """List, read, create, update and (softly) delete records of one type."""

    model: type[models.Model]
    permission_classes = [permissions.IsAuthenticated, CanWriteLine]
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return exportable(self.request.user, self.model).order_by("pk")

    def filter_queryset(self, queryset):
        if self.action != "list":  # the filters select a list; one record is found by its id
            return queryset
        return super().filter_queryset(queryset)

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
        links = {
            name: getattr(obj, self.model._meta.get_field(name).attname)
            for name, value in data.items()
            if value is not None and isinstance(self.model._meta.get_field(name), models.ForeignKey)
        }
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
                _refuse_rewrites(saved, links)
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
        _refuse_protected(instance)
        record_delete(instance, user=self.request.user)  # PermissionDenied answers 403


def _refuse_rewrites(saved, links: dict) -> None:
    """The save's rules may set a link themselves (a hearing's region is its case's): a value
    sent that the rules replaced is refused with the value they want, never rewritten."""
    opts = type(saved)._meta
    for name, sent in links.items():
        f = opts.get_field(name)
        now = getattr(saved, f.attname)
        if now == sent:
            continue
        related = f.related_model._default_manager
        expected = related.filter(pk=now).first()
        given = related.filter(pk=sent).first()
        raise serializers.ValidationError(
            {
                name: [
                    MSG_REWRITTEN.format(
                        label=f.verbose_name,
                        expected=expected or now,
                        sent=given or sent,
                        why="由本记录所属的上级记录决定",
                    )
                ]
            }
        )


def _refuse_protected(obj) -> None:
    """The entry screen's protection: a record that live records still link to (a committee
    its cases use) is not deleted."""
    for rel in obj._meta.related_objects:
        if rel.on_delete not in (models.PROTECT, models.RESTRICT) or rel.many_to_many:
            continue
        related = rel.related_model._default_manager.filter(**{rel.field.name: obj})
        count = related.count()
        if count:
            raise Protected(
                MSG_PROTECTED.format(
                    obj=obj, count=count, what=rel.related_model._meta.verbose_name
                )
            )


def viewsets_for_records():
    """(url prefix, viewset) for every record type."""
    out = []
    for model in record_models():
        rt = registry.get(model)
        record_serializer = serializer_for(model)
        moves = {f"move_{m.name}": _move_action(model, m, record_serializer) for m in rt.moves}
        cls = type(
            f"{model._meta.app_label.title()}{model.__name__}ViewSet",
            (MovesMixin, RecordViewSet) if rt.moves else (RecordViewSet,),
            {
                **moves,
                "model": model,
                "serializer_class": record_serializer,
                "filterset_class": filterset_for(model),
                "queryset": model._default_manager.none(),
                "__doc__": f"{model._meta.verbose_name_plural}：按区域、日期、状态、期限和文字筛选。",
            },
        )
        out.append((f"{model._meta.app_label}/{model._meta.model_name}", cls))
    return out
