"""Normative documents (规范性文件): legality review, filing, consultations, clean-up.

- LegalityReview: one draft's 合法性审核 → 发布 → 备案. Filing is due a configurable number of
  days after publication (period "normdocs.filing", default 30 days); every published document
  must be filed (有件必备) and only reviewed ones can be (有备必审).
- NormdocConsultation, LegislativeComment, DraftingHearing: simple dated records.
- CleanupRound / CleanupItem: a periodic clean-up (定期清理) and the documents and government
  agreements it examined, each with a recommendation 保留 / 修改 / 失效.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.deadlines import deadline_state, register
from sifa.core.lines import Line
from sifa.core.models import Record
from sifa.core.services import created_in_submission
from sifa.core.workflow import Pipeline

FILING_PERIOD = register(
    "normdocs.filing",
    "规范性文件备案期限",
    30,
    law="规范性文件应自公布之日起30日内报送备案",
)

MSG_REVIEWED_BEFORE_SUBMITTED = "审核完成日期不能早于报送审核日期。"
MSG_OPINION_REQUIRED = "审核完成须填写审核意见。"
MSG_OPINION_NEEDS_DATE = "填写审核意见须同时填写审核完成日期。"
MSG_PUBLISH_UNREVIEWED = "未经合法性审核的文件不能发布。"
MSG_PUBLISHED_BEFORE_REVIEW = "发布日期不能早于审核完成日期。"
MSG_PUBLISH_UNLAWFUL = "审核意见为“不合法”的文件不能发布，须修改后重新报送审核。"
MSG_FILE_UNPUBLISHED = "文件尚未发布，不能登记备案。"
MSG_FILED_BEFORE_PUBLISHED = "备案日期不能早于发布日期。"
MSG_REPLIED_BEFORE_RECEIVED = "反馈日期不能早于收到征求意见稿的日期。"
MSG_DUE_BEFORE_RECEIVED = "反馈截止日期不能早于收到日期。"
MSG_CONCLUDED_BEFORE_STARTED = "清理办结日期不能早于开始日期。"
MSG_ROUND_CONCLUDED = "该轮清理已于{on}办结，不能再增改清理事项。"


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送审核"
    REVIEWED = "reviewed", "已审核（讨论中）"
    PUBLISHED = "published", "已发布待备案"
    FILED = "filed", "已备案"


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_IF_AMENDED = "amend", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class FilingState(models.TextChoices):
    NOT_PUBLISHED = "not_published", "未发布"
    PENDING = "pending", "待备案"
    OVERDUE = "overdue", "逾期未备案"
    ON_TIME = "on_time", "按期备案"
    LATE = "late", "逾期备案"


class LegalityReview(Record):
    """A draft normative document's legality review, publication and filing."""

    line = Line.NORMDOCS
    pipeline = Pipeline(
        moves={
            ReviewStatus.SUBMITTED: (ReviewStatus.REVIEWED,),
            ReviewStatus.REVIEWED: (ReviewStatus.PUBLISHED,),
            ReviewStatus.PUBLISHED: (ReviewStatus.FILED,),
        },
        stamps={
            ReviewStatus.REVIEWED: "reviewed_on",
            ReviewStatus.PUBLISHED: "published_on",
            ReviewStatus.FILED: "filed_on",
        },
    )

    title = models.CharField("文件名称", max_length=200)
    drafting_agency = models.CharField("起草单位", max_length=100)
    number = models.CharField("文号", max_length=60, blank=True)
    status = models.CharField(
        "办理状态",
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
        editable=False,
        db_index=True,
    )
    submitted_on = models.DateField("报送审核日期", db_index=True)
    reviewed_on = models.DateField("审核完成日期", null=True, blank=True, db_index=True)
    opinion = models.CharField("审核意见", max_length=20, choices=Opinion.choices, blank=True)
    published_on = models.DateField(
        "发布日期", null=True, blank=True, help_text="尚在讨论中的留空。"
    )
    filing_due = models.DateField("备案期限", null=True, blank=True, editable=False, db_index=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "规范性文件合法性审核"
        verbose_name_plural = "规范性文件合法性审核"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"《{self.title}》"

    def status_from_dates(self) -> str:
        if self.filed_on:
            return ReviewStatus.FILED
        if self.published_on:
            return ReviewStatus.PUBLISHED
        if self.reviewed_on:
            return ReviewStatus.REVIEWED
        return ReviewStatus.SUBMITTED

    def filing_state(self, today: dt.date | None = None) -> FilingState:
        if not self.published_on:
            return FilingState.NOT_PUBLISHED
        if self.filed_on:
            late = self.filing_due and self.filed_on > self.filing_due
            return FilingState.LATE if late else FilingState.ON_TIME
        if self.filing_due and (today or dt.date.today()) > self.filing_due:
            return FilingState.OVERDUE
        return FilingState.PENDING

    def deadline_state(self, today: dt.date | None = None):
        return deadline_state(self.filing_due, today=today, done_on=self.filed_on)

    def clean(self):
        errors: dict[str, str] = {}
        if self.reviewed_on and self.submitted_on and self.reviewed_on < self.submitted_on:
            errors["reviewed_on"] = MSG_REVIEWED_BEFORE_SUBMITTED
        if self.reviewed_on and not self.opinion:
            errors["opinion"] = MSG_OPINION_REQUIRED
        if self.opinion and not self.reviewed_on:
            errors["reviewed_on"] = MSG_OPINION_NEEDS_DATE
        if self.published_on:
            if not self.reviewed_on:
                errors["published_on"] = MSG_PUBLISH_UNREVIEWED
            elif self.published_on < self.reviewed_on:
                errors["published_on"] = MSG_PUBLISHED_BEFORE_REVIEW
            elif self.opinion == Opinion.UNLAWFUL:
                errors["published_on"] = MSG_PUBLISH_UNLAWFUL
        if self.filed_on:
            if not self.published_on:
                errors["filed_on"] = MSG_FILE_UNPUBLISHED
            elif self.filed_on < self.published_on:
                errors["filed_on"] = MSG_FILED_BEFORE_PUBLISHED
        if errors:
            raise ValidationError(errors)


class NormdocConsultation(Record):
    """A question about normative documents received by the bureau (规范性文件咨询)."""

    line = Line.NORMDOCS

    received_on = models.DateField("咨询日期", db_index=True)
    asker = models.CharField("咨询单位（人）", max_length=100)
    subject = models.CharField("咨询事项", max_length=200)
    answer = models.TextField("答复情况", blank=True)

    class Meta:
        verbose_name = "规范性文件咨询"
        verbose_name_plural = "规范性文件咨询"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class LegislativeComment(Record):
    """A legislative draft sent to the bureau for comment (立法征求意见) and its reply."""

    line = Line.NORMDOCS

    draft_title = models.CharField("征求意见稿名称", max_length=200)
    requested_by = models.CharField("征求意见单位", max_length=100)
    received_on = models.DateField("收到日期", db_index=True)
    reply_due = models.DateField("反馈截止日期", null=True, blank=True)
    replied_on = models.DateField("反馈日期", null=True, blank=True, db_index=True)
    suggestions = models.TextField("反馈意见", blank=True)

    class Meta:
        verbose_name = "立法征求意见"
        verbose_name_plural = "立法征求意见"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"《{self.draft_title}》"

    def deadline_state(self, today: dt.date | None = None):
        return deadline_state(self.reply_due, today=today, done_on=self.replied_on)

    def clean(self):
        errors = {}
        if self.replied_on and self.received_on and self.replied_on < self.received_on:
            errors["replied_on"] = MSG_REPLIED_BEFORE_RECEIVED
        if self.reply_due and self.received_on and self.reply_due < self.received_on:
            errors["reply_due"] = MSG_DUE_BEFORE_RECEIVED
        if errors:
            raise ValidationError(errors)


class DraftingHearing(Record):
    """A hearing on a document's drafting that the bureau attended (文件制定听证会)."""

    line = Line.NORMDOCS

    title = models.CharField("听证事项", max_length=200)
    organiser = models.CharField("组织单位", max_length=100)
    held_on = models.DateField("听证日期", db_index=True)
    attendees = models.CharField("参加人员", max_length=100, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "文件制定听证会"
        verbose_name_plural = "文件制定听证会"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CleanupRound(Record):
    """A periodic clean-up (定期清理) of normative documents and government agreements."""

    line = Line.NORMDOCS

    title = models.CharField("清理名称", max_length=200)
    started_on = models.DateField("开始日期")
    concluded_on = models.DateField(
        "办结日期",
        null=True,
        blank=True,
        db_index=True,
        help_text="向县政府办公室提出清理建议的日期。",
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "规范性文件定期清理"
        verbose_name_plural = "规范性文件定期清理"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(concluded_on__isnull=True)
                | models.Q(concluded_on__gte=models.F("started_on")),
                name="normdocs_cleanup_concluded_after_start",
                violation_error_message=MSG_CONCLUDED_BEFORE_STARTED,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.concluded_on and self.started_on and self.concluded_on < self.started_on:
            raise ValidationError({"concluded_on": MSG_CONCLUDED_BEFORE_STARTED})


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "规范性文件"
    AGREEMENT = "agreement", "政府协议"


class Recommendation(models.TextChoices):
    RETAIN = "retain", "保留"
    AMEND = "amend", "修改"
    LAPSE = "lapse", "失效（废止）"


class CleanupItem(Record):
    """One document or agreement examined in a clean-up round; `region` is the round's."""

    line = Line.NORMDOCS

    round = models.ForeignKey(
        CleanupRound, verbose_name="清理轮次", on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField(
        "类别", max_length=20, choices=ItemKind.choices, default=ItemKind.DOCUMENT
    )
    title = models.CharField("名称", max_length=200)
    number = models.CharField("文号（协议编号）", max_length=60, blank=True)
    recommendation = models.CharField("清理建议", max_length=20, choices=Recommendation.choices)
    reason = models.CharField("理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "清理事项"
        verbose_name_plural = "清理事项"
        ordering = ["round_id", "kind", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        # Only a round already concluded in the database refuses new items, so a clerk can
        # enter the last items and the conclusion date in one submission.
        # A round created in the same submission (an import of a round and its items) is not.
        if (
            self.pk is None
            and self.round_id
            and not created_in_submission(CleanupRound, self.round_id)
        ):
            concluded = (
                CleanupRound.all_objects.filter(pk=self.round_id)
                .values_list("concluded_on", flat=True)
                .first()
            )
            if concluded:
                raise ValidationError(MSG_ROUND_CONCLUDED.format(on=concluded))
