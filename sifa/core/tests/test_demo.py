"""The demo county: same data on every build; the 2022 figures the seed masks."""

import pytest
from django.apps import apps
from django.db import models, transaction

from sifa.core import demo
from sifa.core.demo.targets import SEED_2022
from sifa.core.models import Region, RegionLevel, Unit
from sifa.core.models.units import PLATFORM_KINDS


def digest() -> dict[str, list]:
    """Every row of every Sifa table, without surrogate ids and timestamps, sorted.

    PostgreSQL sequences do not roll back with the transaction, so ids differ between builds;
    everything else must not."""
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("sifa."):
            continue
        if model._meta.label == "auditchain.AuditSeal":
            continue  # audit hashes cover the ids and times of the audit rows
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not isinstance(f, models.AutoField | models.BigAutoField | models.DateTimeField)
            and not (f.is_relation and not isinstance(f.target_field, models.CharField))
            and f.name not in ("password", "last_login", "object_id")  # object_id: a surrogate id
        ]
        manager = getattr(model, "all_objects", model._default_manager)
        out[model._meta.label] = sorted(map(repr, manager.values_list(*names)))
    return out


def build_and_digest():
    with transaction.atomic():
        demo.build(password="x-demo-pass")
        result = digest()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db(transaction=False)
def test_demo_is_deterministic():
    first = build_and_digest()
    second = build_and_digest()
    assert first.keys() == second.keys()
    for label in first:
        assert first[label] == second[label], label
    assert sum(len(rows) for rows in first.values()) > 300


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            ctx = demo.build(password="x-demo-pass")
            yield ctx
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_county_shape(demo_county):
    assert Region.objects.townships().count() == 6
    assert Region.objects.villages().count() == 114
    assert Unit.objects.filter(kind__in=PLATFORM_KINDS).count() == 121
    assert Unit.objects.filter(kind="judicial_office").count() == 6
    assert demo_county.profile.county_name and len(demo_county.profile.county_name) == 2
    assert Region.objects.filter(level=RegionLevel.VILLAGE, name__endswith="村").exists()


@pytest.mark.django_db
def test_demo_2022_hits_the_seed_figures(demo_county):
    """Every declared figure with a demo target computes exactly that target for 2022."""
    import datetime as dt

    from sifa.core.indicators import registry

    reg = registry()
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    targets = dict(SEED_2022)
    for yuan_id, wan_id in YUAN_TARGETS.items():
        targets[wan_id] = targets.pop(yuan_id)
    wrong = {}
    for figure, target in targets.items():
        if figure not in reg:
            continue
        value = reg[figure].compute(start, end, None, reg)
        if isinstance(value, list):
            value = len(value)
        if value != target:
            wrong[figure] = (value, target)
    for rate in FULL_RATES:
        if rate in reg:
            num, den = reg[rate].compute(start, end, None, reg)
            if not (den and num == den):
                wrong[rate] = (num, den)
    assert wrong == {}


# Targets kept in yuan for figures shown in 万元.
YUAN_TARGETS = {
    "mediation.amount_yuan": "mediation.amount_wan",
    "offices.construction_investment_yuan": "offices.construction_investment_wan",
    "rural.village_project_yuan": "rural.village_project_wan",
}
# Rates the seed reports as 100％ (or 全部持证上岗).
FULL_RATES = (
    "mediation.success_rate",
    "litigation.head_appearance_rate",
    "enforcement.certified_rate",
)
