"""Record types of rule-of-law building and publicity (普法)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from sifa.core.dates import ymd
from sifa.core.errors import RuleViolation
from sifa.core.registry import ExtraPage, ListAction, Move, RecordType, register

from . import forms, selectors, services
from .models import (
    IssuedDocument,
    LawExamSession,
    LegalLiterate,
    LiteracyStatus,
    PublicityDuty,
    RulelawActivity,
)

MSG_LEFT_MANY = "已办理退出 {n} 名法律明白人（退出日期{on}）。"
MSG_CARRIED = "已生成{to}年度普法责任清单 {n} 条（从{frm}年度复制，请逐条修订）。"
MSG_CARRIED_NONE = (
    "未生成新的清单：{frm}年度没有可复制的清单，或各单位{to}年度已有清单（已有的保持不变）。"
)


# --- 法律明白人: 办理退出, of one on its record page or of those chosen on the list ----------
def _leave_one(person, data, *, user):
    return services.legal_literate_leave(
        person, on=data["on"], user=user, note=data.get("note") or ""
    )


def _leave_chosen(data, *, user, records) -> list[LegalLiterate]:
    """Every chosen person leaves on the date given, or none does: each refusal is named with
    the person's name (a leave date before the person's start beside the date)."""
    left, on_date, other = [], [], []
    for person in records.select_related("region").order_by("region_id", "name", "pk"):
        try:
            with transaction.atomic():
                left.append(_leave_one(person, data, user=user))
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for field, messages in errors.items():
                target = on_date if field == "left_on" else other
                target += [f"{person.name}：{m}" for m in messages]
    if on_date or other:
        errors_by_field = {}
        if on_date:
            errors_by_field["on"] = on_date
        if other:
            errors_by_field[NON_FIELD_ERRORS] = other
        raise RuleViolation(errors_by_field)
    return left


def _left_message(left: list[LegalLiterate]) -> str:
    on = left[0].left_on if left else dt.date.today()
    return MSG_LEFT_MANY.format(n=len(left), on=ymd(on))


def _active(person) -> bool:
    return person.status == LiteracyStatus.ACTIVE


# --- 普法责任清单: 生成下一年度清单 -------------------------------------------------------
def _carry_forward(data, *, user, records):
    frm, to = data["from_year"], data["to_year"]
    try:
        created = services.publicity_duties_carry_forward(from_year=frm, to_year=to, user=user)
    except RuleViolation as exc:
        # the service names the target year "year"; the form asks it as 新清单年度
        raise RuleViolation({"to_year": exc.messages}) from exc
    return frm, to, created


def _carried_message(result) -> str:
    frm, to, created = result
    if not created:
        return MSG_CARRIED_NONE.format(frm=frm, to=to)
    return MSG_CARRIED.format(n=len(created), frm=frm, to=to)


# --- 法律明白人覆盖情况 ----------------------------------------------------------------------
def coverage_context(user, params) -> dict:
    """Villages in the user's scope with and without a 法律明白人 in the register on the chosen
    date (today by default), each covered village with its people (opening their records)."""
    from sifa.workspace.links import record_url

    form = forms.CoverageForm(params or None)
    on = dt.date.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    people: dict[str, list[dict]] = {}
    for person in selectors.legal_literates(user, on=on).order_by("region_id", "name", "pk"):
        people.setdefault(person.region_id, []).append(
            {"name": person.name, "url": record_url(person)}
        )
    rows = []
    for c in selectors.literate_coverage(user, on=on):
        rows.append(
            {
                "township": c.township.name if c.township else "",
                "village": c.village.name,
                "count": c.count,
                "people": people.get(c.village.code, []),
            }
        )
    only_missing = params.get("missing") == "1" if params else False
    covered = sum(1 for r in rows if r["count"])
    return {
        "form": form,
        "on": on,
        "on_text": ymd(on),
        "rows": [r for r in rows if not r["count"]] if only_missing else rows,
        "only_missing": only_missing,
        "villages": len(rows),
        "covered": covered,
        "uncovered": len(rows) - covered,
    }


register(
    RecordType(IssuedDocument, save=services.issued_document_save),
    RecordType(
        LegalLiterate,
        save=services.legal_literate_save,
        moves=(Move("leave", "办理退出", _leave_one, forms.LeaveForm, when=_active),),
        actions=(
            ListAction(
                "leave",
                "办理退出",
                _leave_chosen,
                forms.LeaveForm,
                chosen=True,
                explain="勾选的法律明白人按同一退出日期办理退出；有一人不能办理时，全部不办理。",
                done=_left_message,
            ),
        ),
        pages=(
            ExtraPage(
                "coverage",
                "法律明白人覆盖情况",
                "rulelaw/coverage.html",
                coverage_context,
                explain="按所选日期统计辖区内每个村（社区）在册的法律明白人，每村至少一名。",
            ),
        ),
    ),
    RecordType(LawExamSession, save=services.law_exam_save),
    RecordType(
        PublicityDuty,
        save=services.publicity_duty_save,
        actions=(
            ListAction(
                "carry_forward",
                "生成下一年度清单",
                _carry_forward,
                forms.CarryForwardForm,
                explain="把原年度的普法责任清单复制为新年度的清单，再逐条修订；"
                "新年度已有清单的单位保持不变。",
                done=_carried_message,
            ),
        ),
    ),
    RecordType(
        RulelawActivity,
        save=services.rulelaw_activity_save,
        validate=services.rulelaw_activity_validate,
    ),
)
