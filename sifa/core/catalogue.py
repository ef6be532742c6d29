"""Load the activity catalogue (fixtures/activity_types.yaml) into the database, idempotently."""

from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "fixtures" / "activity_types.yaml"


def load_catalogue(measure_model, type_model) -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    measures = {}
    for m in data["measures"]:
        measures[m["code"]], _ = measure_model.objects.update_or_create(
            code=m["code"], defaults={"name": m["name"], "unit": m["unit"]}
        )
    for t in data["types"]:
        obj, _ = type_model.objects.update_or_create(
            code=t["code"],
            defaults={
                "name": t["name"],
                "line": t["line"],
                "needs_theme": t.get("needs_theme", False),
            },
        )
        obj.measures.set([measures[c] for c in t.get("measures", [])])
