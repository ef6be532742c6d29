"""Record types of administrative reconsideration, with the steps of a case (行政复议法)."""

import datetime as dt

from django import forms as djforms

from sifa.core.dates import ymd
from sifa.core.registry import Due, ListAction, Move, RecordType, register

from . import forms, services
from .models import Procedure, ReconsiderationCase, Status


def _text(data) -> str:
    return data.get("text") or ""


def _accept(case, data, *, user):
    procedure = data.get("procedure") or Procedure.ORDINARY
    return services.case_accept(case, on=data["on"], user=user, procedure=procedure)


def _correction(case, data, *, user):
    return services.case_request_correction(case, on=data["on"], items=_text(data), user=user)


def _corrected(case, data, *, user):
    return services.case_correction_received(case, on=data["on"], user=user)


def _abandon(case, data, *, user):
    return services.case_abandon(case, on=data["on"], user=user)


def _reject(case, data, *, user):
    return services.case_reject(case, on=data["on"], reason=_text(data), user=user)


def _extend(case, data, *, user):
    return services.case_extend(
        case,
        on=data["on"],
        days=data.get("extension_days") or 0,
        approver=data.get("extension_approver") or "",
        reason=_text(data),
        user=user,
    )


def _convert(case, data, *, user):
    return services.case_convert_to_ordinary(case, on=data["on"], user=user)


def _suspend(case, data, *, user):
    ground = data.get("suspension_ground") or ""
    return services.case_suspend(case, on=data["on"], user=user, ground=ground)


def _resume(case, data, *, user):
    return services.case_resume(case, on=data["on"], user=user)


def _close(case, data, *, user):
    return services.case_close(
        case,
        on=data["on"],
        user=user,
        kind=data.get("close_kind") or "",
        termination_ground=data.get("termination_ground") or "",
        summary=data.get("summary") or "",
    )


def _publish(case, data, *, user):
    return services.case_publish(case, on=data["on"], user=user)


def _reviewing(case) -> bool:
    # A case deemed accepted (视为受理) is under review even before that is stored.
    return case.status in (Status.UNDER_REVIEW, Status.SUSPENDED) or _deemed_pending(case)


def _simple_hearing(case) -> bool:
    # A deemed acceptance is by the ordinary procedure, so only a case accepted as simple converts.
    return case.status == Status.UNDER_REVIEW and case.procedure == Procedure.SIMPLE


def _hearing_step(target: str):
    """Offered where the pipeline leads to `target` from the case's status, a case deemed
    accepted (视为受理) but still stored as 收到申请 counting as 审理中: the step's service
    records the deemed acceptance first, in the same transaction."""

    def when(case) -> bool:
        status = Status.UNDER_REVIEW if _deemed_pending(case) else case.status
        return target in ReconsiderationCase.pipeline.available(status)

    return when


def _deemed_pending(case) -> bool:
    return case.status == Status.RECEIVED and case.is_deemed_accepted()


CASE_MOVES = (
    Move("accept", "受理", _accept, forms.AcceptForm, Status.UNDER_REVIEW),
    Move("correction", "通知补正", _correction, forms.CorrectionForm, Status.CORRECTION),
    Move("corrected", "收到补正材料", _corrected, forms.OnForm, Status.RECEIVED),
    Move("abandon", "视为放弃（补正期限届满）", _abandon, forms.OnForm, Status.ABANDONED),
    Move("reject", "不予受理", _reject, forms.RejectForm, Status.REJECTED),
    Move("extend", "延期", _extend, forms.ExtendForm, when=_reviewing),
    Move("convert", "简易程序转普通程序", _convert, forms.OnForm, when=_simple_hearing),
    Move("suspend", "中止", _suspend, forms.SuspendForm, when=_hearing_step(Status.SUSPENDED)),
    Move("resume", "恢复审理", _resume, forms.OnForm, Status.UNDER_REVIEW),
    Move("close", "结案", _close, forms.CloseForm, when=_hearing_step(Status.CLOSED)),
    Move(
        "publish",
        "网上公开",
        _publish,
        forms.OnForm,
        when=lambda case: case.status == Status.CLOSED,
    ),
)


# The workspace's pages (sifa.workspace) of a case.
CASE_PAGES = {
    "list_display": (
        "applicant_name",
        "respondent",
        "category",
        "received_on",
        "status",
        "decision_due",
        "closed_on",
    ),
    "form_fields": (
        "region",
        "applicant_name",
        "applicant_type",
        "respondent",
        "category",
        "act_description",
        "act_known_on",
        "received_on",
    ),
    "search_fields": ("case_number", "applicant_name", "respondent__name", "act_description"),
    "list_filters": ("status", "category", "procedure"),
    "sections": (
        (
            "申请情况",
            (
                "applicant_name",
                "applicant_type",
                "respondent",
                "category",
                "act_description",
                "act_known_on",
                "received_on",
                "late_warning",
            ),
        ),
        (
            "受理与审理",
            (
                "status",
                "correction_notice_on",
                "correction_items",
                "corrected_on",
                "accepted_on",
                "deemed_accepted",
                "procedure",
                "extended_on",
                "extension_days",
                "extension_approver",
                "extension_reason",
                "suspended_on",
                "suspension_ground",
                "suspended_days",
            ),
        ),
        (
            "结案",
            (
                "closed_on",
                "close_kind",
                "termination_ground",
                "decision_summary",
                "rejected_on",
                "rejection_reason",
                "abandoned_on",
                "published_online",
                "published_on",
            ),
        ),
        ("登记信息", ("region", "created_at", "created_by", "updated_at")),
    ),
    "deadlines": (
        Due(
            "受理审查期限",
            "acceptance_due",
            explain=lambda case: case.acceptance_deadline(),
            statuses=(Status.RECEIVED,),
        ),
        Due("补正期限", "correction_reply_due", statuses=(Status.CORRECTION,)),
        Due(
            "复议决定期限",
            "decision_due",
            "closed_on",
            explain=lambda case: case.decision_deadline(),
            statuses=(Status.RECEIVED, Status.UNDER_REVIEW),
        ),
        Due("中止最长期限", "suspension_limit_on", statuses=(Status.SUSPENDED,)),
    ),
    "date_field": "received_on",
}


# --- 按今天办理到期事项: the consequences the statute attaches to a period that ran out -------
class DueTodayForm(djforms.Form):
    """Which of the lapsed periods to apply today (all, by default)."""

    deemed_acceptance = djforms.BooleanField(
        label="视为受理（受理审查期限届满，未作出不予受理决定，第三十条）",
        required=False,
        initial=True,
    )
    deemed_abandonment = djforms.BooleanField(
        label="视为放弃（补正期限届满，申请人未补正，第三十一条）", required=False, initial=True
    )
    suspension_terminations = djforms.BooleanField(
        label="终止（中止满六十日，第四十一条第五项）", required=False, initial=True
    )


MSG_DUE_APPLIED = "已按今天（{today}）办理到期事项：{what}。"
MSG_DUE_NONE = "已按今天（{today}）检查，没有到期需要办理的案件。"


def _apply_due(data, *, user, records):
    """Each chosen consequence for every case the user may see whose period ran out before
    today, through the line's services (each checks access and the statute's rule)."""
    today = dt.date.today()
    done = []
    if data.get("deemed_acceptance"):
        done.append(("视为受理", services.apply_deemed_acceptance(user=user, today=today)))
    if data.get("deemed_abandonment"):
        done.append(("视为放弃", services.apply_deemed_abandonment(user=user, today=today)))
    if data.get("suspension_terminations"):
        done.append(
            ("中止满六十日终止", services.apply_suspension_terminations(user=user, today=today))
        )
    return today, done


def _due_message(result) -> str:
    today, done = result
    if not any(cases for _, cases in done):
        return MSG_DUE_NONE.format(today=ymd(today))
    what = "，".join(f"{label} {len(cases)} 件" for label, cases in done)
    return MSG_DUE_APPLIED.format(today=ymd(today), what=what)


CASE_ACTIONS = (
    ListAction(
        "apply_due",
        "按今天办理到期事项",
        _apply_due,
        DueTodayForm,
        explain="对本辖区内期限已届满的案件，按今天的日期记录视为受理、视为放弃或中止期满终止。",
        done=_due_message,
    ),
)

register(
    RecordType(
        ReconsiderationCase,
        **CASE_PAGES,
        save=services.case_save,
        validate=services.case_validate,
        moves=CASE_MOVES,
        actions=CASE_ACTIONS,
    ),
)
