"""Figures of administrative reconsideration (figures.yaml section 2).

Every figure counts the applications received in the period (`received_on`) and classifies
them as they stood on the end date:

    received = rejected + accepted + still under acceptance review
    accepted = concluded + pending
    concluded = upheld + revoked + dismissed + terminated (+ changed, confirmed illegal,
                ordered, void, mediated, settled: internal figures, shown when non-zero)

"Accepted" includes the cases deemed accepted (视为受理, art. 30): a case still awaiting its
acceptance decision whose review period expired before the end date counts as accepted.
"Revoked" (撤销) covers 撤销 and 部分撤销; "dismissed" (驳回) covers 驳回复议请求 and
驳回申请 (art. 33, after acceptance). Applications deemed abandoned (视为放弃, art. 31) by the end date are not counted as received.
"""

from __future__ import annotations

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import DISMISSED_KINDS, REVOKED_KINDS, CloseKind, deemed_accepted_q

MODEL = "reconsideration.ReconsiderationCase"


def received_q(start, end) -> Q:
    return ~Q(abandoned_on__lte=end)


def rejected_q(start, end) -> Q:
    return Q(rejected_on__lte=end)


def accepted_q(start, end) -> Q:
    """Accepted on or before the end date, or deemed accepted by then."""
    return Q(accepted_on__lte=end) | deemed_accepted_q(end)


def concluded_q(start, end) -> Q:
    return Q(closed_on__lte=end)


def pending_q(start, end) -> Q:
    return accepted_q(start, end) & ~Q(closed_on__lte=end)


def under_review_q(start, end) -> Q:
    """Received, neither refused nor (deemed) accepted by the end date."""
    return received_q(start, end) & ~rejected_q(start, end) & ~accepted_q(start, end)


def closed_as(*kinds):
    return lambda start, end: concluded_q(start, end) & Q(close_kind__in=list(kinds))


def _count(id_, label, where, *, internal=False):
    return Indicator(
        id=id_,
        label=label,
        kind="count",
        model=MODEL,
        date_field="received_on",
        where=where,
        unit="件",
        internal=internal,
    )


INDICATORS = [
    _count("reconsideration.received", "收到行政复议申请（不含视为放弃的）", received_q),
    _count("reconsideration.rejected", "不予受理", rejected_q),
    _count("reconsideration.accepted", "受理（含视为受理）", accepted_q),
    _count("reconsideration.concluded", "审结", concluded_q),
    _count("reconsideration.upheld", "维持", closed_as(CloseKind.UPHELD)),
    _count("reconsideration.revoked", "撤销（含部分撤销）", closed_as(*REVOKED_KINDS)),
    _count(
        "reconsideration.dismissed", "驳回（含驳回复议请求、驳回申请）", closed_as(*DISMISSED_KINDS)
    ),
    _count("reconsideration.terminated", "终止", closed_as(CloseKind.TERMINATED)),
    _count("reconsideration.pending", "正在审理", pending_q),
    _count("reconsideration.under_review", "受理审查中（含补正中）", under_review_q, internal=True),
    _count("reconsideration.changed", "变更", closed_as(CloseKind.CHANGED), internal=True),
    _count(
        "reconsideration.confirmed_illegal",
        "确认违法",
        closed_as(CloseKind.CONFIRMED_ILLEGAL),
        internal=True,
    ),
    _count("reconsideration.ordered", "责令履行", closed_as(CloseKind.ORDERED), internal=True),
    _count("reconsideration.void", "确认无效", closed_as(CloseKind.VOID), internal=True),
    _count("reconsideration.mediated", "调解", closed_as(CloseKind.MEDIATED), internal=True),
    _count("reconsideration.settled", "和解", closed_as(CloseKind.SETTLED), internal=True),
]
