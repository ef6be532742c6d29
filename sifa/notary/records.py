"""Record types of notarisation."""

from sifa.core.registry import Move, RecordType, register

from . import forms, services
from .models import Notarization, NotaryConsultation, NotaryDocument, Status


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
    ),
    RecordType(
        NotaryConsultation, save=services.consultation_save, validate=services.record_validate
    ),
    RecordType(NotaryDocument, save=services.document_save, validate=services.record_validate),
)
