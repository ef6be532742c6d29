"""Resident ID numbers (GB 11643-1999): check digit validation and masking for lists."""

import datetime as dt

from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

MSG_FORMAT = "身份证号应为18位：前17位为数字，最后一位为数字或X。"
MSG_CHECK = "身份证号校验位不正确，请核对后重新输入。"
MSG_BIRTH = "身份证号中的出生日期不存在，请核对。"


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    """Django validator: 18 characters, a real birth date, the right check digit."""
    v = normalize(value)
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        raise ValidationError(MSG_FORMAT, code="id_format")
    try:
        birth_date(v)
    except ValueError:
        raise ValidationError(MSG_BIRTH, code="id_birth")
    if check_digit(v[:17]) != v[17]:
        raise ValidationError(MSG_CHECK, code="id_check")


def birth_date(value: str) -> dt.date:
    v = normalize(value)
    return dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def gender_of(value: str) -> str:
    """'M' or 'F' from the 17th digit (odd = male)."""
    return "M" if int(normalize(value)[16]) % 2 else "F"


def mask(value: str) -> str:
    """110101********1234: keep the region code and the last four characters."""
    v = normalize(value)
    if len(v) < 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def make(first17: str) -> str:
    """A valid ID number from its first 17 digits (used by the demo and by tests)."""
    return first17 + check_digit(first17)
