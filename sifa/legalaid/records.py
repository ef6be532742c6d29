"""Record types of legal aid."""

from sifa.core.registry import Due, Move, RecordType, register

from . import forms, services
from .models import (
    AidApplication,
    AidCase,
    AidConsultation,
    AidDocument,
    ApplicationStatus,
    PleaHelp,
)


def _approve(obj, data, *, user):
    return services.application_approve(obj, on=data["on"], user=user)


def _refuse(obj, data, *, user):
    return services.application_refuse(obj, on=data["on"], reason=data["refusal_reason"], user=user)


def _assign(obj, data, *, user):
    return services.application_assign(
        obj,
        on=data["on"],
        handler=data["handler"],
        lawyer=data["lawyer"],
        agri=data.get("agri", False),
        recipient_groups=data.get("recipient_groups") or [],
        user=user,
    )


register(
    RecordType(
        AidApplication,
        save=services.application_save,
        validate=services.application_validate,
        moves=(
            Move(
                "approve", "准予法律援助", _approve, forms.ApproveForm, ApplicationStatus.APPROVED
            ),
            Move("refuse", "不予法律援助", _refuse, forms.RefuseForm, ApplicationStatus.REFUSED),
            Move("assign", "指派承办", _assign, forms.AssignForm, ApplicationStatus.ASSIGNED),
        ),
        # each period runs only while the application waits for its step (a refused one is done)
        deadlines=(
            Due(
                "审查期限",
                "review_due",
                "decided_on",
                explain=lambda app: app.running_deadline(),
                statuses=(ApplicationStatus.RECEIVED,),
            ),
            Due(
                "指派期限",
                "assign_due",
                "assigned_on",
                explain=lambda app: app.running_deadline(),
                statuses=(ApplicationStatus.APPROVED,),
            ),
        ),
    ),
    RecordType(
        AidCase,
        save=services.case_save,
        validate=services.case_validate,
        # 受援人群体 ticked from its list (the model's clean() checks the choices on every door)
        line_form=lambda: forms.AidCaseForm,
        # Found by its case number or the aided person's name (its own, or on the application).
        search_fields=("case_number", "recipient_name", "application__applicant_name"),
    ),
    RecordType(PleaHelp, save=services.plea_help_save, validate=services.record_validate),
    RecordType(AidConsultation, save=services.consultation_save, validate=services.record_validate),
    RecordType(AidDocument, save=services.document_save, validate=services.record_validate),
)
