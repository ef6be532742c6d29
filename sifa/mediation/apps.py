from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "sifa.mediation"
    verbose_name = "人民调解"

    def ready(self):
        # Child tables keep their history (ID numbers masked in the log). Saves through the
        # screening proxy send signals with the proxy as sender, so it is registered itself.
        from auditlog.registry import auditlog

        from sifa.core.audit import EXCLUDED_FIELDS

        from .models import CaseParty, CommitteeMember, DisputeScreening

        if not auditlog.contains(CaseParty):
            auditlog.register(CaseParty, mask_fields=["id_number"])
        if not auditlog.contains(CommitteeMember):
            auditlog.register(CommitteeMember)
        if not auditlog.contains(DisputeScreening):
            auditlog.register(DisputeScreening, exclude_fields=EXCLUDED_FIELDS)
