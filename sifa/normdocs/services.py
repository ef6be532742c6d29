"""Every write of the normative-documents line.

A legality review moves 已报送审核 → 已审核 → 已发布 → 已备案 through `legality_review_complete`,
`legality_review_publish` and `legality_review_file` (each a workflow transition); the admin
form, where a clerk may also correct dates, saves through `legality_review_save`, which derives
the status from the dates under the same rules. Both compute the filing deadline.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.deadlines import due_date
from sifa.core.errors import RuleViolation
from sifa.core.services import record_save
from sifa.core.workflow import log_event, transition

from .models import (
    CleanupItem,
    CleanupRound,
    DraftingHearing,
    LegalityReview,
    LegislativeComment,
    NormdocConsultation,
    ReviewStatus,
)

MSG_ROUND_ALREADY_CONCLUDED = "该轮清理已于{on}办结。"
MSG_ROUND_EMPTY = "清理轮次至少要有一项清理事项才能办结。"
MSG_CONCLUDE_BEFORE_START = "清理办结日期不能早于开始日期。"


# --- legality review -----------------------------------------------------------------------
def filing_due(published_on: dt.date | None, region=None) -> dt.date | None:
    """The filing deadline for a document published on `published_on` (county setting)."""
    if published_on is None:
        return None
    return due_date(published_on, "normdocs.filing", region).due


# The review's steps in order, with the date field that dates each.
REVIEW_STEPS = (
    (ReviewStatus.REVIEWED, "reviewed_on"),
    (ReviewStatus.PUBLISHED, "published_on"),
    (ReviewStatus.FILED, "filed_on"),
)


def legality_review_save(obj: LegalityReview, *, user) -> LegalityReview:
    """Create or correct a review (entry screen, import, API): status and deadline follow the
    dates, under the model's rules on their order; every step the save newly reaches is
    written to the timeline, dated as its date field, as the moves write it."""
    before = (
        LegalityReview.all_objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if obj.pk
        else None
    )
    obj.status = obj.status_from_dates()
    obj.filing_due = filing_due(obj.published_on, obj.region if obj.region_id else None)
    with transaction.atomic():
        saved = record_save(obj, user=user)
        order = [ReviewStatus.SUBMITTED, *(step for step, _ in REVIEW_STEPS)]
        reached = order.index(ReviewStatus(saved.status))
        start = order.index(ReviewStatus(before)) if before else 0
        for index in range(start + 1, reached + 1):
            step, date_field = REVIEW_STEPS[index - 1]
            log_event(
                saved,
                from_status=order[index - 1],
                to_status=step,
                label=step.label,
                on=getattr(saved, date_field),
                user=user,
            )
    return saved


def legality_review_submit(
    *, user, region, title: str, drafting_agency: str, submitted_on: dt.date, note: str = ""
) -> LegalityReview:
    """Register a draft submitted for legality review (合法性审核)."""
    obj = LegalityReview(
        region=region,
        title=title,
        drafting_agency=drafting_agency,
        submitted_on=submitted_on,
        note=note,
    )
    return record_save(obj, user=user)


def legality_review_complete(
    obj: LegalityReview, *, on: dt.date, opinion: str, user, note: str = ""
) -> LegalityReview:
    """The review is finished with its opinion (合法 / 修改后合法 / 不合法)."""
    ensure_can_write(user, obj)
    return transition(
        obj,
        ReviewStatus.REVIEWED,
        on=on,
        user=user,
        note=note,
        fields={"opinion": opinion, "reviewed_on": on},
    )


def legality_review_publish(
    obj: LegalityReview, *, on: dt.date, user, number: str = "", note: str = ""
) -> LegalityReview:
    """The document is published; its filing falls due (有件必备)."""
    ensure_can_write(user, obj)
    fields: dict[str, object] = {"published_on": on, "filing_due": filing_due(on, obj.region)}
    if number:
        fields["number"] = number
    return transition(obj, ReviewStatus.PUBLISHED, on=on, user=user, note=note, fields=fields)


def legality_review_file(
    obj: LegalityReview, *, on: dt.date, user, note: str = ""
) -> LegalityReview:
    """The published document is filed (备案)."""
    ensure_can_write(user, obj)
    return transition(obj, ReviewStatus.FILED, on=on, user=user, note=note, fields={"filed_on": on})


# --- simple dated records ------------------------------------------------------------------
def consultation_save(obj: NormdocConsultation, *, user) -> NormdocConsultation:
    return record_save(obj, user=user)


def legislative_comment_save(obj: LegislativeComment, *, user) -> LegislativeComment:
    return record_save(obj, user=user)


def hearing_save(obj: DraftingHearing, *, user) -> DraftingHearing:
    return record_save(obj, user=user)


# --- clean-up ------------------------------------------------------------------------------
def cleanup_round_save(obj: CleanupRound, *, user) -> CleanupRound:
    return record_save(obj, user=user)


def cleanup_item_save(obj: CleanupItem, *, user) -> CleanupItem:
    """Add or change an item; it belongs to its round's region."""
    if obj.round_id:
        obj.region_id = obj.round.region_id
    return record_save(obj, user=user)


def cleanup_round_conclude(obj: CleanupRound, *, on: dt.date, user) -> CleanupRound:
    """The round concludes: its recommendations go to the county government office."""
    ensure_can_write(user, obj)
    if obj.concluded_on:
        raise RuleViolation(
            {"concluded_on": MSG_ROUND_ALREADY_CONCLUDED.format(on=obj.concluded_on)}
        )
    if on < obj.started_on:
        raise RuleViolation({"concluded_on": MSG_CONCLUDE_BEFORE_START})
    if not obj.items.exists():
        raise RuleViolation({"concluded_on": MSG_ROUND_EMPTY})
    obj.concluded_on = on
    return record_save(obj, user=user)
