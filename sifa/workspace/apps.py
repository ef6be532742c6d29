from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "sifa.workspace"
    verbose_name = "业务办理"
