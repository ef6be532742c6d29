"""Record types of notarisation."""

from sifa.core import deadlines
from sifa.core.registry import Due, Move, RecordType, register

from . import forms, services
from .models import ISSUE, Notarization, NotaryConsultation, NotaryDocument, Status


def _issue_deadline(obj):
    """15 working days from acceptance (《公证法》第三十条), holidays skipped."""
    if not obj.accepted_on:
        return None
    return deadlines.due_date(obj.accepted_on, ISSUE.code, obj.region if obj.region_id else None)


def _issue(obj, data, *, user):
    return services.notarization_issue(
        obj, on=data["on"], certificate_no=data["certificate_no"], user=user
    )


def _refuse(obj, data, *, user):
    return services.notarization_refuse(obj, on=data["on"], reason=data["reason"], user=user)


def _terminate(obj, data, *, user):
    return services.notarization_refuse(
        obj, on=data["on"], reason=data["reason"], user=user, terminate=True
    )


register(
    RecordType(
        Notarization,
        save=services.notarization_save,
        validate=services.notarization_validate,
        moves=(
            Move("issue", "出具公证书", _issue, forms.IssueForm, Status.ISSUED),
            Move("refuse", "不予办理", _refuse, forms.ReasonForm, Status.REFUSED),
            Move("terminate", "终结公证", _terminate, forms.ReasonForm, Status.TERMINATED),
        ),
        deadlines=(
            Due(
                "出证期限",
                "issue_due",
                "closed_on",
                explain=_issue_deadline,
                statuses=(Status.ACCEPTED,),
            ),
        ),
        # Found by its certificate number (which names it in the list) or the applicant.
        search_fields=("certificate_no", "applicant_name", "matter"),
        list_display=(
            "region",
            "category",
            "matter",
            "accepted_on",
            "issue_due",
            "status",
            "closed_on",
        ),
    ),
    RecordType(
        NotaryConsultation, save=services.consultation_save, validate=services.record_validate
    ),
    RecordType(NotaryDocument, save=services.document_save, validate=services.record_validate),
)
