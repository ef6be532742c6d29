"""Every write of the enforcement line: agencies, officers, certificates, evaluations, inspections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from sifa.core.access import ensure_can_write
from sifa.core.dates import ymd
from sifa.core.errors import RuleViolation
from sifa.core.models import Activity, ActivityType, Region
from sifa.core.services import record_save

from .models import (
    INSPECTION_TYPE,
    Certificate,
    CertificateKind,
    EnforcementAgency,
    Officer,
    ThreeSystemsEvaluation,
    valid_certificate_q,
)

MSG_NO_CERTIFICATE_TO_RENEW = "该人员没有可换发的执法证件。"
MSG_HIRED_AFTER_CERTIFICATE = (
    "该人员已有{date}发放的执法证件（{number}），上岗日期不能晚于发证日期。"
)
MSG_LEFT_BEFORE_CERTIFICATE = "该人员已有{date}发放的执法证件（{number}），离岗日期应晚于发证日期。"
MSG_ALREADY_REVOKED = "该证件已于{date}注销。"
MSG_AGENCIES_CHECKED = "检查的执法单位数应为不小于1的整数。"


def _set_and_save(obj, field: str, value, *, user):
    """Set one field and save through the model's service; a refused write changes nothing."""
    before = getattr(obj, field)
    setattr(obj, field, value)
    try:
        return _SAVERS[type(obj)](obj, user=user)
    except Exception:
        setattr(obj, field, before)
        raise


# --- agencies ---------------------------------------------------------------------------------
def agency_prepare(obj: EnforcementAgency) -> None:
    if obj.unit_id:
        obj.region_id = obj.unit.region_id


def agency_validate(obj: EnforcementAgency, *, user) -> None:
    agency_prepare(obj)
    ensure_can_write(user, obj)


def agency_save(obj: EnforcementAgency, *, user) -> EnforcementAgency:
    agency_prepare(obj)
    return record_save(obj, user=user)


# --- officers ---------------------------------------------------------------------------------
def officer_prepare(obj: Officer) -> None:
    if obj.agency_id:
        obj.region_id = obj.agency.region_id


def _certificates_check(obj: Officer) -> None:
    """The officer's dates against the certificates already issued to them (the mirror of
    Certificate.clean): no hiring date after one, no leaving date on or before one."""
    if obj.pk is None:
        return
    errors = {}
    issued = obj.certificates.order_by("issued_on").values_list("issued_on", "number")
    first = issued.first()
    if obj.hired_on and first and obj.hired_on > first[0]:
        errors["hired_on"] = MSG_HIRED_AFTER_CERTIFICATE.format(date=ymd(first[0]), number=first[1])
    last = issued.last()
    if obj.left_on and last and obj.left_on <= last[0]:
        errors["left_on"] = MSG_LEFT_BEFORE_CERTIFICATE.format(date=ymd(last[0]), number=last[1])
    if errors:
        raise RuleViolation(errors)


def officer_validate(obj: Officer, *, user) -> None:
    officer_prepare(obj)
    ensure_can_write(user, obj)
    _certificates_check(obj)


def officer_save(obj: Officer, *, user) -> Officer:
    """Save an officer. With a leaving date (离岗日期), every certificate still valid that day is
    revoked (注销) that day, each with its history entry: the one save the entry screen, the
    API and the import call, so the rule holds whichever door the date came in by."""
    officer_prepare(obj)
    _certificates_check(obj)
    with transaction.atomic():
        record_save(obj, user=user)
        if obj.left_on:
            for cert in obj.certificates.filter(valid_certificate_q(obj.left_on)):
                cert.officer = obj  # the saved officer: no query per certificate
                certificate_save(cert, user=user)  # certificate_prepare sets revoked_on
    return obj


def officer_register(
    *, agency: EnforcementAgency, name: str, id_number: str, hired_on: dt.date, post: str = "", user
) -> Officer:
    return officer_save(
        Officer(agency=agency, name=name, id_number=id_number, hired_on=hired_on, post=post),
        user=user,
    )


# --- certificates -----------------------------------------------------------------------------
def certificate_prepare(obj: Certificate) -> None:
    """Derived fields: the officer's region, the default expiry, and the revocation by leaving:
    a certificate still valid on the day its holder left is revoked (注销) that day."""
    if obj.officer_id:
        obj.region_id = obj.officer.region_id
    if obj.issued_on and not obj.expires_on and obj.officer_id:
        obj.expires_on = obj.default_expiry()
    left_on = obj.officer.left_on if obj.officer_id else None
    if (
        left_on
        and obj.issued_on
        and obj.expires_on
        and obj.issued_on < left_on <= obj.expires_on
        and (obj.revoked_on is None or obj.revoked_on > left_on)
    ):
        obj.revoked_on = left_on


def certificate_validate(obj: Certificate, *, user) -> None:
    certificate_prepare(obj)
    ensure_can_write(user, obj)


def certificate_save(obj: Certificate, *, user) -> Certificate:
    certificate_prepare(obj)
    return record_save(obj, user=user)


def certificate_issue(
    *,
    officer: Officer,
    number: str,
    issued_on: dt.date,
    kind: str = CertificateKind.NEW,
    expires_on: dt.date | None = None,
    note: str = "",
    user,
) -> Certificate:
    """Issue a new (新申领) or renewed (换发) certificate; expiry defaults to the county period."""
    return certificate_save(
        Certificate(
            officer=officer,
            number=number,
            kind=kind,
            issued_on=issued_on,
            expires_on=expires_on,  # type: ignore[misc]  # None: certificate_save fills it in
            note=note,
        ),
        user=user,
    )


def certificate_renew(officer: Officer, *, number: str, issued_on: dt.date, user) -> Certificate:
    if not officer.certificates.exists():
        raise RuleViolation({"officer": MSG_NO_CERTIFICATE_TO_RENEW})
    return certificate_issue(
        officer=officer, number=number, issued_on=issued_on, kind=CertificateKind.RENEWED, user=user
    )


def certificate_revoke(cert: Certificate, *, on: dt.date, user) -> Certificate:
    if cert.revoked_on:
        raise RuleViolation({"revoked_on": MSG_ALREADY_REVOKED.format(date=ymd(cert.revoked_on))})
    return _set_and_save(cert, "revoked_on", on, user=user)


# --- "三项制度" evaluations -----------------------------------------------------------------
def evaluation_prepare(obj: ThreeSystemsEvaluation) -> None:
    if obj.agency_id:
        obj.region_id = obj.agency.region_id


def evaluation_validate(obj: ThreeSystemsEvaluation, *, user) -> None:
    evaluation_prepare(obj)
    ensure_can_write(user, obj)


def evaluation_save(obj: ThreeSystemsEvaluation, *, user) -> ThreeSystemsEvaluation:
    evaluation_prepare(obj)
    return record_save(obj, user=user)


# --- special inspections (专项执法检查) --------------------------------------------------------
def inspection_validate(obj: Activity, *, user) -> None:
    """The inspection screen's rules: always of type 专项执法检查, at least one agency checked."""
    obj.type = ActivityType.objects.get(code=INSPECTION_TYPE)
    ensure_can_write(user, obj)
    checked = (obj.quantities or {}).get("agencies_checked")
    if not isinstance(checked, int) or isinstance(checked, bool) or checked < 1:
        raise RuleViolation({"quantities": MSG_AGENCIES_CHECKED})


def inspection_save(obj: Activity, *, user) -> Activity:
    """Save a special inspection entered on its screen."""
    inspection_validate(obj, user=user)
    return record_save(obj, user=user)


def inspection_record(
    *,
    region: Region,
    title: str,
    date: dt.date,
    agencies_checked: int,
    end_date: dt.date | None = None,
    theme: str = "",
    note: str = "",
    unit=None,
    user,
) -> Activity:
    """A special inspection of enforcement agencies, as a typed activity."""
    activity = Activity(
        region=region,
        title=title,
        date=date,
        end_date=end_date,
        theme=theme,
        note=note,
        unit=unit,
        quantities={"agencies_checked": agencies_checked},
    )
    return inspection_save(activity, user=user)


_SAVERS: dict[type, Callable[..., object]] = {Officer: officer_save, Certificate: certificate_save}
