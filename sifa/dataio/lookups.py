"""Names in cells ↔ related records, loaded once per import or export (no query per row)."""

from __future__ import annotations

from collections import Counter

from sifa.core import access
from sifa.core.models import Record, Region, Unit

from .cells import CellError


class Lookups:
    def __init__(self, user):
        self.user = user
        self._maps: dict[type, dict[str, object]] = {}
        self._names: dict[type, dict[object, str]] = {}
        self._objects: dict[type, dict[object, object]] = {}

    # --- regions: code, unique name, or 镇/村 path ---------------------------------------
    def _regions(self):
        if Region not in self._maps:
            regions = list(Region.objects.all())
            self._objects[Region] = {r.code: r for r in regions}
            rows = [
                (r.code, r.name, getattr(self._objects[Region].get(r.parent_id), "name", None))
                for r in regions
            ]
            counts = Counter(name for _, name, _ in rows)
            by_key: dict[str, object] = {}
            names: dict[object, str] = {}
            for code, name, parent in rows:
                by_key[code] = code
                if parent:
                    by_key[f"{parent}/{name}"] = code
                if counts[name] == 1:
                    by_key[name] = code
                names[code] = name if counts[name] == 1 else f"{parent}/{name}"
            self._maps[Region], self._names[Region] = by_key, names
        return self._maps[Region]

    def _generic(self, model):
        if model not in self._maps:
            qs = model._default_manager.all()
            if issubclass(model, Record):
                qs = access.scope(self.user, qs) if self.user is not None else qs
            objs = list(qs)
            self._objects[model] = {o.pk: o for o in objs}
            labels = [str(o) for o in objs]
            counts = Counter(labels)
            by_key: dict[str, object] = {}
            names: dict[object, str] = {}
            for obj, label in zip(objs, labels, strict=True):
                if counts[label] == 1:
                    by_key[label] = obj.pk
                by_key.setdefault(f"#{obj.pk}", obj.pk)
                names[obj.pk] = label if counts[label] == 1 else f"{label}#{obj.pk}"
                if model is Unit and obj.short_name:
                    by_key.setdefault(obj.short_name, obj.pk)
            self._maps[model], self._names[model] = by_key, names
        return self._maps[model]

    def resolve(self, model, text: str):
        """The primary key named by `text`, or CellError."""
        table = self._regions() if model is Region else self._generic(model)
        key = text.strip()
        if key in table:
            return table[key]
        if "#" in key and f"#{key.rsplit('#', 1)[1]}" in table:
            return table[f"#{key.rsplit('#', 1)[1]}"]
        what = model._meta.verbose_name
        raise CellError(f"找不到{what}“{key}”，请核对名称（重名时请写“上级/名称”或代码）。")

    def instance(self, model, pk):
        """The record already loaded for `pk` (no query), or None."""
        return self._objects.get(model, {}).get(pk)

    def name_of(self, model, pk) -> str:
        if pk is None:
            return ""
        if model is Region:
            self._regions()
        else:
            self._generic(model)
        return self._names[model].get(pk, str(pk))
