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


MSG_NO_SECRET_KEY = "正式环境未设置 SIFA_SECRET_KEY：请设置一个足够长的随机密钥（不要使用数据目录中自动生成的密钥文件）。"
MSG_NO_DATABASE_URL = "正式环境未设置 SIFA_DATABASE_URL：请指定 PostgreSQL 数据库，如 postgres://用户:口令@主机:5432/库名。"
MSG_SQLITE_IN_PRODUCTION = "正式环境的数据库是 SQLite：请通过 SIFA_DATABASE_URL 使用 PostgreSQL。"


@checks.register(checks.Tags.security, deploy=True)
def production_environment(app_configs, **kwargs):
    """Under production settings the secret key and the database come from the environment."""
    from django.conf import settings

    if not getattr(settings, "SIFA_PRODUCTION", False):
        return []
    errors = []
    if not getattr(settings, "SIFA_SECRET_KEY_FROM_ENV", False):
        errors.append(checks.Error(MSG_NO_SECRET_KEY, id="sifa.E010"))
    if not getattr(settings, "SIFA_DATABASE_URL_FROM_ENV", False):
        errors.append(checks.Error(MSG_NO_DATABASE_URL, id="sifa.E011"))
    elif settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        errors.append(checks.Error(MSG_SQLITE_IN_PRODUCTION, id="sifa.E012"))
    return errors
