from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "sifa.team"
    verbose_name = "队伍建设与乡村振兴"
