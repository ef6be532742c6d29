"""Reads of the mediation line, always scoped to the user (sifa.core.access.scope)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q

from sifa.core import deadlines
from sifa.core.access import get_visible_or_404, scope
from sifa.core.dates import shift_year, ymd
from sifa.core.models import Activity

from .models import (
    SCREENING_TYPE,
    CaseParty,
    CaseStatus,
    CommitteeMember,
    MediationCase,
    MediationCommittee,
    MediationRoom,
    MemberRole,
    PreventedDispute,
)

MIN_MEMBERS, MAX_MEMBERS = 3, 9
LAW_ART_9 = "《人民调解法》第九条"
WARN_TOO_FEW = "现有委员{n}人，少于三人（" + LAW_ART_9 + "：人民调解委员会由委员三至九人组成）。"
WARN_TOO_MANY = "现有委员{n}人，多于九人（" + LAW_ART_9 + "：人民调解委员会由委员三至九人组成）。"
WARN_NO_WOMAN = "委员中没有妇女成员（" + LAW_ART_9 + "：人民调解委员会应当有妇女成员）。"
WARN_CHAIR = "应设主任一人，现有{n}人（" + LAW_ART_9 + "）。"
WARN_TERM_LONG = "本届任期超过三年（" + LAW_ART_9 + "：委员每届任期三年）。"
WARN_TERM_OVER = "本届任期已于{end}届满，请及时换届。"


# --- committees ----------------------------------------------------------------------------
def committees(user):
    return (
        scope(user, MediationCommittee.objects.all())
        .select_related("region")
        .prefetch_related("members")
    )


def committee_warnings(committee: MediationCommittee, on: dt.date | None = None) -> list[str]:
    """What the committee lacks under art. 9 on `on` (default today): warnings, not refusals."""
    on = on or dt.date.today()
    members = committee.members_on(on)
    warnings = []
    n = len(members)
    if n < MIN_MEMBERS:
        warnings.append(WARN_TOO_FEW.format(n=n))
    elif n > MAX_MEMBERS:
        warnings.append(WARN_TOO_MANY.format(n=n))
    if not any(m.gender == "F" for m in members):
        warnings.append(WARN_NO_WOMAN)
    chairs = sum(1 for m in members if m.role == MemberRole.CHAIR)
    if chairs != 1:
        warnings.append(WARN_CHAIR.format(n=chairs))
    if committee.term_start and committee.term_end:
        if committee.term_end > shift_year(committee.term_start, 3):
            warnings.append(WARN_TERM_LONG)
        if committee.term_end < on:
            warnings.append(WARN_TERM_OVER.format(end=ymd(committee.term_end)))
    return warnings


def committees_with_warnings(user, on: dt.date | None = None):
    """[(committee, [warnings…])] of the committees the user sees that lack something."""
    out = []
    for committee in committees(user):
        found = committee_warnings(committee, on)
        if found:
            out.append((committee, found))
    return out


def members(user, committee_pk=None):
    visible = scope(user, MediationCommittee.objects.all())
    qs = CommitteeMember.objects.filter(committee__in=visible).select_related("committee")
    if committee_pk is not None:
        qs = qs.filter(committee_id=committee_pk)
    return qs


# --- rooms, screenings, prevented disputes ---------------------------------------------------
def rooms(user):
    return scope(user, MediationRoom.objects.all()).select_related("region", "committee")


def branded_rooms_on(user, on: dt.date):
    """品牌调解室 in operation on `on` (opened on or before it, not closed on or before it)."""
    return rooms(user).filter(branded_in_operation_q(on))


def branded_in_operation_q(on: dt.date) -> Q:
    return (
        ~Q(brand_name="") & Q(opened_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    )


def screenings(user):
    return scope(user, Activity.objects.filter(type__code=SCREENING_TYPE)).select_related("region")


def prevented(user):
    return scope(user, PreventedDispute.objects.all()).select_related("region")


# --- cases -----------------------------------------------------------------------------------
def cases(user):
    return (
        scope(user, MediationCase.objects.all())
        .select_related("region", "committee", "mediator")
        .prefetch_related(Prefetch("parties", queryset=CaseParty.objects.order_by("id")))
    )


def get_case(user, pk) -> MediationCase:
    """One case the user may see; 404 alike for missing and out-of-scope cases."""
    return get_visible_or_404(user, MediationCase.objects.all(), pk=pk)


def confirmation_windows(user, state: str | None = None, today: dt.date | None = None):
    """Successful cases with an art. 33 window, optionally by deadline state."""
    qs = cases(user).filter(status=CaseStatus.SUCCEEDED, confirmation_due_on__isnull=False)
    if state:
        qs = qs.filter(
            deadlines.state_q("confirmation_due_on", "confirmation_applied_on", state, today=today)
        )
    return qs.order_by("confirmation_due_on", "id")


def open_confirmation_windows(user, today: dt.date | None = None):
    """Reminders: windows still open on `today` (not applied yet, due date not passed)."""
    today = today or dt.date.today()
    return confirmation_windows(user).filter(
        confirmation_applied_on__isnull=True, confirmation_due_on__gte=today
    )


def due_items(user, *, today: dt.date, within: int):
    """Judicial-confirmation windows (art. 33) still open and closing within `within` days.

    A window that closed unapplied is not listed: applying is the parties' choice, and nothing
    is left for the clerk to do (the record page says what the lapse means). One query: only
    the columns the list shows (no parties, no related rows)."""
    from sifa.core.due import DueItem, set_date
    from sifa.workspace.links import record_url

    limit = today + dt.timedelta(days=within)
    qs = (
        scope(user, MediationCase.objects.all())
        .filter(
            status=CaseStatus.SUCCEEDED,
            confirmation_applied_on__isnull=True,
            confirmation_due_on__lte=limit,
            confirmation_due_on__gte=today,
        )
        .only("id", "case_number", "confirmation_due_on")
    )
    return [
        DueItem(
            "人民调解", "申请司法确认期限", str(c), set_date(c.confirmation_due_on), record_url(c)
        )
        for c in qs.order_by("confirmation_due_on", "id")[:200]
    ]
