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
    # New records: each one's values as imported, in key order ({field: value}, personal data
    # masked as in the history). With the batch (who, when, the file's digest) this is their
    # creation history: an import writes no history entry per new row.
    values = models.JSONField("导入时的值", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        indexes = [
            models.Index(fields=["batch", "content_type"]),
            # a record page finds the run that created its record
            models.Index(fields=["content_type", "object_id"], name="dataio_importedrow_record"),
        ]

    def __str__(self) -> str:
        if self.last_object_id:
            return f"{self.content_type_id}:{self.object_id}-{self.last_object_id}"
        return f"{self.content_type_id}:{self.object_id}"

    def values_of(self, pk: int) -> dict | None:
        """The values record `pk` of this run was created with (None: not kept, e.g. an
        import from before the batch kept them, whose rows have history entries of their own)."""
        if not self.values or not self.object_id <= pk <= (self.last_object_id or self.object_id):
            return None
        return self.values[pk - self.object_id]

    @property
    def object_ids(self) -> range:
        return range(self.object_id, (self.last_object_id or self.object_id) + 1)


class ImportJob(models.Model):
    """One import started on the web page, run in the background: its progress, and once done
    its result (counts, problems, the annotated workbook) kept here, so that any server
    process answers the clerk's page and download, not only the one that ran it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "等待开始"
        RUNNING = "running", "正在处理"
        DONE = "done", "已完成"
        REFUSED = "refused", "发现问题，未写入"
        ERROR = "error", "处理出错"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    filename = models.CharField("文件名", max_length=255)
    dry_run = models.BooleanField("只校验", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    # the uploaded file until the job has run (then emptied)
    upload = models.BinaryField("上传的文件", null=True, blank=True)
    counts = models.JSONField("条数", default=dict)
    # the first problems as [sheet, row, column, message]; problem_count counts them all
    problems = models.JSONField("问题", default=list)
    problem_count = models.PositiveIntegerField("问题数", default=0)
    annotation_note = models.TextField("标注说明", blank=True)
    annotated = models.BinaryField("标注了错误的工作簿", null=True, blank=True)
    # every problem as a workbook, for a file too large for an annotated copy
    error_list = models.BinaryField("问题清单", null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name="导入批次", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.ERROR)
