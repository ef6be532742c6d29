"""Export record lists to .xlsx: scoped to the reader, sensitive fields by role, sealed files never."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sifa.core import access, registry
from sifa.core.audit import log_reads
from sifa.core.models import Record

from .lookups import Lookups
from .rows import can_see_personal, write_cells
from .schema import SheetSpec, organisation_models, parent_link, sheet_models

DATE_FORMAT = "yyyy-mm-dd"


def exportable(user, model, queryset=None):
    """What `user` may take out of the system: the record type's visible records and its
    export rule (community correction never exports sealed minors' files), as declared in the
    registry; a child row (a mediation party) leaves with its parent record, and only then."""
    qs = queryset if queryset is not None else model._default_manager.all()
    if model in organisation_models():  # regions, units: setup data, not personal
        return qs
    rt = registry.find(model)
    if rt is not None:
        return rt.exportable(user, qs)
    link = None if issubclass(model, Record) else parent_link(model)
    if link is None and registry.parent_of(model) is not None:
        link = model._meta.get_field(registry.parent_of(model)[1].link)
    if link is not None:
        return qs.filter(**{f"{link.name}__in": exportable(user, link.related_model).values("pk")})
    return access.scope(user, qs) if user is not None else qs


def write_sheet(wb, spec: SheetSpec, queryset, user, lookups: Lookups) -> int:
    ws = wb.create_sheet(spec.title)
    ws.append(spec.headers)
    personal = can_see_personal(user)
    full = registry.shows_in_full(spec.model, user)
    n = 0
    for obj in _parents_first(spec.model, queryset):
        ws.append(write_cells(spec, obj, lookups, personal=personal, full=full))
        n += 1
    for index, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(
            10, min(40, len(col.header) * 2 + 2)
        )
        if col.kind == "date":
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    return n


def _parents_first(model, queryset):
    """The rows, each after the row of the same sheet it links to (a unit's parent unit, a
    renewal's original monitoring), so an import meets the parent first."""
    links = [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.concrete_model is model._meta.concrete_model
    ]
    if not links:
        yield from queryset.iterator(chunk_size=2000)
        return
    objs = list(queryset)
    by_pk = {o.pk: o for o in objs}
    done: set = set()

    def visit(obj, path=()):
        if obj.pk in done or obj.pk in path:
            return
        for attname in links:
            parent = by_pk.get(getattr(obj, attname))
            if parent is not None:
                yield from visit(parent, (*path, obj.pk))
        done.add(obj.pk)
        yield obj

    for obj in objs:
        yield from visit(obj)


def with_children(items, user) -> list:
    """`items` with, after each record type, the sheets of its child tables holding the rows
    of the exported records (a mediation case's parties), unless `items` names them itself:
    the file then imports back as it left."""
    from .template import child_models

    items = list(items)
    named = {model for model, _ in items}
    out = []
    for model, queryset in items:
        out.append((model, queryset))
        if not issubclass(model, Record):
            continue
        parents = exportable(user, model, queryset)
        for child in child_models(model):
            if child in named:
                continue
            link = parent_link(child)
            if link is None:
                continue
            named.add(child)
            rows = child._default_manager.filter(**{f"{link.name}__in": parents.values("pk")})
            out.append((child, rows.order_by("pk")))
    return out


def export_workbook(
    items,
    user,
    *,
    skip_empty: bool = False,
    remote_addr: str | None = None,
    children: bool = True,
) -> bytes:
    """items: iterable of (model, queryset or None). Returns the .xlsx bytes. A record type's
    child tables come along (`with_children`) unless `children=False`. An export of an
    audited type (a correction subject's file) writes one access row naming its records."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lookups = Lookups(user)
    if children:
        items = with_children(items, user)
    for model, queryset in items:
        spec = SheetSpec(model)
        qs = exportable(user, model, queryset)
        if skip_empty and not qs.exists():
            continue  # no header-only sheets in a full export (an import skips them anyway)
        write_sheet(wb, spec, qs, user, lookups)
        if _audited(model):
            log_reads(
                model,
                list(qs.values_list("pk", flat=True)),
                user=user,
                remote_addr=remote_addr,
                what="导出为Excel",
            )
    if not wb.sheetnames:
        wb.create_sheet("空")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _audited(model) -> bool:
    """Reads of the type (or of its parent, for a child table) are written to the access log."""
    rt = registry.find(model)
    if rt is None:
        parent = registry.parent_of(model)
        rt = parent[0] if parent else None
    return rt is not None and rt.audited_reads


def export_all(user) -> bytes:
    """Everything the user may take out, parents before children, one sheet per type that has
    rows. The system (user None) and administrators also get the organisation sheets (regions,
    units, county profile) first, so the file alone fills an installation that has only been
    migrated; sealed minors' files never leave (the correction line's export rule)."""
    organisation = user is None or access.role_of(user) == "admin"
    models = sheet_models(organisation=organisation)
    # creation order: rules that look at earlier records (a certificate renewal after the
    # first certificate) meet them in the same order when the file is imported
    items = [(m, m._default_manager.order_by("pk")) for m in models]
    return export_workbook(items, user, skip_empty=True, children=False)
