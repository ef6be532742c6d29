from auditlog.models import LogEntry
from django.db import models


class AuditSeal(models.Model):
    """One link of the audit chain: the audit row it seals, its place in the chain, the hash of
    the link before it and its own hash, sha256(prev_hash + canonical row).

    The link to the row has no database constraint on purpose: deleting an audit row leaves its
    seal behind, so that `sifa audit verify` names the row that is gone."""

    seq = models.BigIntegerField("链条序号", unique=True)
    entry = models.OneToOneField(
        LogEntry,
        verbose_name="审计记录",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="seal",
    )
    entry_time = models.DateTimeField("记录时间")
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = "审计日志哈希链"
        verbose_name_plural = "审计日志哈希链"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
