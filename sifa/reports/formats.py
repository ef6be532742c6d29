"""Display formats of figures.yaml: exact, yu, wan_yu, wan, percent, list, text.

Every function takes the raw value the engine computed and returns the text the report
prints. Rounding is done with Decimal (never float) so "half up" means half up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sifa.core.models.regions import NAME_SUFFIXES
from sifa.core.models.units import UNIT_NAME_SUFFIXES

EMPTY_RATE = "—"
PERCENT_SIGN = "％"  # full width, as in the seed
LIST_SEPARATOR = "、"
GROUP_SEPARATOR = "，"

# Generic suffixes a list writes once for the whole run ("店头、隆坊、田庄司法所"), longest first.
SHARED_SUFFIXES = tuple(sorted(set(UNIT_NAME_SUFFIXES) | set(NAME_SUFFIXES), key=len, reverse=True))
OPENING = "《“「『（"
CLOSING = "》”」』）"


def exact(n) -> str:
    return str(int(n or 0))


def yu(n) -> str:
    """Round down to two leading digits (from 100) or whole tens (10–99); 余 when dropped."""
    n = int(n or 0)
    if n < 10:
        return str(n)
    if n < 100:
        shown = n // 10 * 10
    else:
        step = 10 ** (len(str(n)) - 2)
        shown = n // step * step
    return f"{shown}余" if shown != n else str(shown)


def wan_yu(n) -> str:
    """Whole 万 rounded down, followed by 万余 (万 when exact); below 1万 the yu format."""
    n = int(n or 0)
    if n < 10000:
        return yu(n)
    wan, rest = divmod(n, 10000)
    return f"{wan}万余" if rest else f"{wan}万"


def _strip_zeros(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def wan(yuan) -> str:
    """An amount in yuan shown in 万元: ≥ 10万 to a whole number, below to 2 decimals."""
    amount = Decimal(int(yuan or 0)) / Decimal(10000)
    if amount >= 10:
        return str(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return _strip_zeros(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent_value(numerator, denominator) -> Decimal | None:
    """numerator*100/denominator half up to 1 decimal; None for an empty denominator."""
    if not denominator:
        return None
    value = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(numerator, denominator=None) -> str:
    if denominator is None and isinstance(numerator, tuple | list):
        numerator, denominator = numerator
    value = percent_value(numerator, denominator)
    if value is None:
        return EMPTY_RATE
    return _strip_zeros(value) + PERCENT_SIGN


def _suffix_of(item: str) -> str:
    for suffix in SHARED_SUFFIXES:
        if item.endswith(suffix) and len(item) > len(suffix):
            return suffix
    return ""


def _join_plain(items: list[str]) -> str:
    """Join with 、, leaving it out between a closing and an opening quote (《甲》《乙》)."""
    out = ""
    for i, item in enumerate(items):
        if i and not (out[-1] in CLOSING and item[:1] in OPENING):
            out += LIST_SEPARATOR
        out += item
    return out


def join_list(items) -> str:
    """Names joined with 、; a run sharing a generic suffix writes it once.

    ["店头司法所", "隆坊司法所", "田庄司法所"] → "店头、隆坊、田庄司法所";
    ["法援中心", "正衡律师事务所", "明德律师事务所"] → "法援中心，正衡、明德律师事务所".
    """
    items = [str(i) for i in items if i]
    runs: list[tuple[str, list[str]]] = []
    for item in items:
        suffix = _suffix_of(item)
        if runs and suffix and runs[-1][0] == suffix:
            runs[-1][1].append(item)
        else:
            runs.append((suffix, [item]))
    grouped = [
        (LIST_SEPARATOR.join(i[: -len(s)] for i in names) + s) if s and len(names) > 1 else None
        for s, names in runs
    ]
    if not any(grouped):
        return _join_plain(items)
    parts = [g if g else _join_plain(names) for g, (_s, names) in zip(grouped, runs, strict=True)]
    return GROUP_SEPARATOR.join(parts)


FORMATTERS = {
    "exact": exact,
    "yu": yu,
    "wan_yu": wan_yu,
    "wan": wan,
}


def format_value(fmt: str, value) -> str:
    """The text of a computed value in the format `fmt` (rates are (numerator, denominator))."""
    if isinstance(value, tuple):
        return percent(*value)
    if isinstance(value, list):
        return join_list(value)
    if isinstance(value, str):
        return value
    if fmt == "percent":
        return percent(value, 100)
    return FORMATTERS.get(fmt, exact)(value)


NO_CHANGE = "持平"
POINTS = "个百分点"


def _signed(diff, text: str) -> str:
    return ("+" if diff > 0 else "-") + text


def format_change(fmt: str, now, before, unit: str = "") -> str:
    """The change from `before` to `now` in the figure's own format and unit.

    A count "+12件（+8.7％）"; an amount kept in yuan and shown in 万元 "+19万元（+8.7％）"
    (never the yuan difference beside 万元); a rate in percentage points "+2.5个百分点";
    "持平" when equal; "" for lists and text, "—" for a rate without a denominator.
    """
    if isinstance(now, tuple) or isinstance(before, tuple) or fmt == "percent":
        a = percent_value(*now) if isinstance(now, tuple) else now
        b = percent_value(*before) if isinstance(before, tuple) else before
        if a is None or b is None:
            return EMPTY_RATE
        diff = Decimal(a) - Decimal(b)
        if not diff:
            return NO_CHANGE
        return _signed(diff, _strip_zeros(abs(diff).quantize(Decimal("0.1"))) + POINTS)
    if isinstance(now, bool) or not isinstance(now, int) or not isinstance(before, int):
        return ""
    diff = now - before
    if not diff:
        return NO_CHANGE
    shown = FORMATTERS.get(fmt, exact)(abs(diff))
    if fmt == "wan" and shown == "0":
        shown = "不足0.01"
    text = _signed(diff, shown + unit)
    if before:
        text += f"（{_signed(diff, percent(abs(diff), abs(before)))}）"
    return text
