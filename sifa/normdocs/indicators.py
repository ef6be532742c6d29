"""Figures of section （二） on normative documents (figures.yaml section_2_legal_safeguards)."""

from django.db.models import Q

from sifa.core.indicators import Indicator

from .models import ItemKind, Recommendation

ITEM = "normdocs.CleanupItem"
LIVE_ROUND = Q(round__deleted_at__isnull=True)
DOC = LIVE_ROUND & Q(kind=ItemKind.DOCUMENT)
AGREEMENT = LIVE_ROUND & Q(kind=ItemKind.AGREEMENT)


def _published_by_end(start, end):
    return Q(published_on__lte=end)


def _not_published_by_end(start, end):
    return Q(published_on__isnull=True) | Q(published_on__gt=end)


INDICATORS = [
    Indicator(
        id="normdocs.suggestions",
        label="征询立法建议",
        kind="count",
        model="normdocs.LegislativeComment",
        date_field="replied_on",
        unit="件",
    ),
    Indicator(
        id="normdocs.hearings",
        label="参与文件制定听证会",
        kind="count",
        model="normdocs.DraftingHearing",
        date_field="held_on",
        unit="次",
    ),
    Indicator(
        id="normdocs.consultations",
        label="接受规范性文件咨询",
        kind="count",
        model="normdocs.NormdocConsultation",
        date_field="received_on",
        unit="次",
    ),
    Indicator(
        id="normdocs.reviewed",
        label="审核规范性文件",
        kind="count",
        model="normdocs.LegalityReview",
        date_field="reviewed_on",
        unit="件",
    ),
    Indicator(
        id="normdocs.published",
        label="发布规范性文件",
        kind="count",
        model="normdocs.LegalityReview",
        date_field="reviewed_on",
        where=_published_by_end,
        unit="件",
    ),
    Indicator(
        id="normdocs.pending",
        label="尚在讨论中的规范性文件",
        kind="count",
        model="normdocs.LegalityReview",
        date_field="reviewed_on",
        where=_not_published_by_end,
        unit="件",
    ),
    Indicator(
        id="cleanup.docs_reviewed",
        label="清理审查规范性文件",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=DOC,
        unit="件",
    ),
    Indicator(
        id="cleanup.agreements_reviewed",
        label="清理审查政府协议",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=AGREEMENT,
        unit="件",
    ),
    Indicator(
        id="cleanup.docs_invalidated",
        label="建议失效的规范性文件",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=DOC & Q(recommendation=Recommendation.LAPSE),
        unit="件",
    ),
    Indicator(
        id="cleanup.docs_retained",
        label="建议保留的规范性文件",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=DOC & Q(recommendation=Recommendation.RETAIN),
        unit="件",
    ),
    Indicator(
        id="cleanup.docs_amended",
        label="建议修改的规范性文件",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=DOC & Q(recommendation=Recommendation.AMEND),
        unit="件",
        internal=True,
    ),
    Indicator(
        id="cleanup.agreements_invalidated",
        label="建议失效的政府协议",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=AGREEMENT & Q(recommendation=Recommendation.LAPSE),
        unit="件",
    ),
    Indicator(
        id="cleanup.agreements_retained",
        label="建议保留的政府协议",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=AGREEMENT & Q(recommendation=Recommendation.RETAIN),
        unit="件",
    ),
    Indicator(
        id="cleanup.agreements_amended",
        label="建议修改的政府协议",
        kind="count",
        model=ITEM,
        date_field="round__concluded_on",
        where=AGREEMENT & Q(recommendation=Recommendation.AMEND),
        unit="件",
        internal=True,
    ),
]
