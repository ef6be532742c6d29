"""Import batches: who imported which file when, and what each row changed (for rollback)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ImportBatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", default=timezone.now)
    filename = models.CharField("文件名", max_length=255)
    digest = models.CharField("文件摘要（SHA-256）", max_length=64, db_index=True)
    counts = models.JSONField("条数", default=dict)
    finished_at = models.DateTimeField("写入完成时间", null=True, blank=True)
    rolled_back_at = models.DateTimeField("撤销时间", null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.created_at:%Y-%m-%d %H:%M}）"

    @property
    def summary(self) -> str:
        c = self.counts or {}
        return f"新增{c.get('created', 0)}条，更新{c.get('updated', 0)}条，未变{c.get('unchanged', 0)}条"


class ImportedRow(models.Model):
    """One record an import wrote, or a run of consecutive new records of one type.

    A run (`last_object_id` set) covers the records `object_id`..`last_object_id`, all created
    by this batch: a 100,000-row import keeps a few hundred rows here, not 100,000.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    last_object_id = models.PositiveBigIntegerField("连续新增的最后一条", null=True, blank=True)
    created = models.BooleanField("新增")
    before = models.JSONField("导入前的值", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        indexes = [models.Index(fields=["batch", "content_type"])]

    def __str__(self) -> str:
        if self.last_object_id:
            return f"{self.content_type_id}:{self.object_id}-{self.last_object_id}"
        return f"{self.content_type_id}:{self.object_id}"

    @property
    def object_ids(self) -> range:
        return range(self.object_id, (self.last_object_id or self.object_id) + 1)
