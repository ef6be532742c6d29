"""Cell values in and out of Excel, with the Chinese message a clerk can act on."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sifa.core.registry import MSG_REQUIRED as MSG_REQUIRED  # one message on every door

MAX_CELL = 32767  # Excel's own limit for one cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MSG_DATE = "应为日期，如 2022-03-01。"
MSG_INT = "应为整数。"
MSG_NUMBER = "应为数字。"
MSG_NEGATIVE = "不能为负数。"
MSG_BOOL = "应填“是”或“否”。"
MSG_CHOICE = "不在可选项中，可选：{options}。"
MSG_TOO_LONG = "内容过长（{n}字），最多{max}字。"
MSG_FORMULA = "单元格是公式，请改为直接填写数值或文字。"

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class CellError(ValueError):
    """A cell cannot be read; the message is Chinese and says what is expected."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def neutralise(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_text(value, max_length: int | None = None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unneutralise(str(value).strip())
    limit = min(max_length or MAX_CELL, MAX_CELL)
    if len(text) > limit:
        raise CellError(MSG_TOO_LONG.format(n=len(text), max=limit))
    return text


def read_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                raise CellError(f"日期“{value.strip()}”不存在。")
    raise CellError(MSG_DATE)


def read_int(value, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool):
        raise CellError(MSG_INT)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        number = int(value)
    else:
        raise CellError(MSG_INT)
    if number < 0 and not allow_negative:
        raise CellError(MSG_NEGATIVE)
    return number


def read_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(MSG_NUMBER)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(MSG_NUMBER)
    if not number.is_finite():
        raise CellError(MSG_NUMBER)
    return number


def read_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().upper()
    if text in ("是", "TRUE", "1", "Y", "YES", "√"):
        return True
    if text in ("否", "FALSE", "0", "N", "NO", "×"):
        return False
    raise CellError(MSG_BOOL)


def read_choice(value, choices: list[tuple[str, str]]) -> str:
    text = str(value).strip()
    for key, label in choices:
        if text in (str(label), str(key)):
            return key
    raise CellError(MSG_CHOICE.format(options="、".join(str(label) for _, label in choices)))
