"""System checks: every business record is audited and carries a line."""

from django.apps import apps
from django.core import checks


@checks.register()
def records_are_audited(app_configs, **kwargs):
    from .audit import is_audited
    from .models import Record

    errors = []
    for model in apps.get_models():
        if issubclass(model, Record):
            if not is_audited(model):
                errors.append(checks.Error(f"{model.__name__} 未登记审计历史", id="sifa.E001"))
            if not model.line and model.__name__ != "Activity":
                errors.append(checks.Error(f"{model.__name__} 未声明业务条线 line", id="sifa.E002"))
    return errors
