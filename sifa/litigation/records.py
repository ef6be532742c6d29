"""Record types of administrative litigation."""

from sifa.core import deadlines
from sifa.core.registry import Due, RecordType, register

from . import services
from .models import ANSWER, APPEAL_JUDGMENT, APPEAL_RULING, Hearing, LitigationCase, Outcome


def _region(case):
    return case.region if case.region_id else None


def _answer_deadline(case):
    """15 days from service of the complaint (行政诉讼法第六十七条), rolled over holidays."""
    if not case.served_on:
        return None
    return deadlines.due_date(case.served_on, ANSWER.code, _region(case))


def _appeal_deadline(case):
    """The appeal period from service of a first-instance judgment or ruling."""
    if not (case.appealable and case.outcome_served_on):
        return None
    code = APPEAL_JUDGMENT.code if Outcome(case.outcome).is_judgment else APPEAL_RULING.code
    return deadlines.due_date(case.outcome_served_on, code, _region(case))


register(
    RecordType(
        LitigationCase,
        save=services.case_save,
        validate=services.case_validate,
        deadlines=(
            Due("答辩举证届满日", "answer_due", "answered_on", explain=_answer_deadline),
            Due("上诉届满日", "appeal_due", "appealed_on", explain=_appeal_deadline),
        ),
    ),
    RecordType(Hearing, save=services.hearing_save, validate=services.hearing_validate),
)
