"""The base of every business record: its region, who wrote it, soft deletion.

Every concrete subclass is registered with the audit history (see core.audit) so every
create, update and delete keeps who, when, from where and the before/after values.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from .regions import Region


def linked(obj, name: str):
    """The object `obj`'s link `name` points to, or None: also a parent assigned but not saved
    yet (an import writes it first), which `obj.<name>_id` does not show."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


class LiveManager(models.Manager):
    """Records not deleted; the default manager, so deleted records vanish from every read."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Record(models.Model):
    """Abstract base for business records. Subclasses set `line` (a core.lines.Line)."""

    line: str = ""
    # Fields shown masked in lists and exports to roles without personal-data access.
    sensitive_fields: tuple[str, ...] = ()

    region = models.ForeignKey(
        Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # No index: every read filters deleted_at IS NULL, which nearly every row matches, so an
    # index is never chosen and only slows each write (imports above all).
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 - both managers, live one first (default)

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @classmethod
    def line_q(cls, lines) -> models.Q | None:
        """Q limiting this model to records of `lines`; None when none of them is this line."""
        return models.Q() if cls.line in lines else None

    def soft_delete(self, *, user=None) -> None:
        from ..audit import record_write

        with record_write(user):
            self.deleted_at = timezone.now()
            self.save(update_fields=["deleted_at", "updated_at"])
