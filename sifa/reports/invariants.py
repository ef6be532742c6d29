"""The invariants of figures.yaml, checked on every computation and reported by id.

An invariant is `total = part + part …`; when figures.yaml allows an unnamed remainder
("+ (修改, shown only when non-zero)") the check is that the remainder is not negative.
The stock invariant of community correction compares the register on the end date with the
register on the day before the start plus intakes minus releases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Invariant:
    id: str
    total: str
    parts: tuple[str, ...]
    remainder: str = ""  # what an allowed non-negative remainder stands for ("" = exact)
    stock_before: str = ""  # stock figure also taken on the day before the start
    minus: tuple[str, ...] = ()

    def text(self, labels: dict[str, str] | None = None) -> str:
        """The rule in words: figures by their Chinese labels (ids only without `labels`)."""

        def name(fid: str) -> str:
            return (labels or {}).get(fid, fid)

        rhs = " + ".join(name(p) for p in self.parts)
        if self.stock_before:
            rhs = f"统计开始前一日的{name(self.stock_before)} + {rhs}"
        for m in self.minus:
            rhs += f" − {name(m)}"
        if self.remainder:
            rhs += f" + {self.remainder}（不少于0）"
        return f"{name(self.total)} = {rhs}"

    def ids(self) -> tuple[str, ...]:
        return (self.total, *self.parts, *self.minus)


INVARIANTS = (
    Invariant("normdocs.reviewed", "normdocs.reviewed", ("normdocs.published", "normdocs.pending")),
    Invariant(
        "cleanup.docs_reviewed",
        "cleanup.docs_reviewed",
        ("cleanup.docs_invalidated", "cleanup.docs_retained"),
        remainder="修改",
    ),
    Invariant(
        "cleanup.agreements_reviewed",
        "cleanup.agreements_reviewed",
        ("cleanup.agreements_invalidated", "cleanup.agreements_retained"),
        remainder="修改",
    ),
    Invariant(
        "reconsideration.received",
        "reconsideration.received",
        ("reconsideration.rejected", "reconsideration.accepted"),
        remainder="受理审查中",
    ),
    Invariant(
        "reconsideration.concluded",
        "reconsideration.concluded",
        (
            "reconsideration.upheld",
            "reconsideration.revoked",
            "reconsideration.dismissed",
            "reconsideration.terminated",
        ),
        remainder="其他决定",
    ),
    Invariant(
        "reconsideration.accepted",
        "reconsideration.accepted",
        ("reconsideration.concluded", "reconsideration.pending"),
    ),
    Invariant(
        "legalaid.cases",
        "legalaid.cases",
        (
            "legalaid.criminal",
            "legalaid.civil",
            "legalaid.labor_arbitration",
            "legalaid.administrative",
        ),
    ),
    Invariant(
        "correction.registered",
        "correction.registered",
        ("correction.received",),
        stock_before="correction.registered",
        minus=("correction.released",),
    ),
)


@dataclass(frozen=True)
class Check:
    id: str
    invariant: str
    holds: bool
    detail: str

    def as_json(self) -> dict:
        return {"invariant": self.id, "holds": self.holds}


def remainder(values: dict[str, Any], inv: Invariant) -> int:
    """total − Σ parts (the allowed remainder, e.g. the 修改 count)."""
    return int(values[inv.total]) - sum(int(values[p]) for p in inv.parts)


def check_all(values: dict[str, Any], reg, start: dt.date, end: dt.date, region) -> list[Check]:
    """Every invariant whose figures are declared; `invariant` and `detail` are written with
    the figures' Chinese labels (what the head reads on the preview), `id` stays the key."""
    out = []
    for inv in INVARIANTS:
        if not all(i in reg for i in inv.ids()):
            continue  # a line not (yet) declaring its figures: nothing to check
        labels = {fid: getattr(reg[fid], "label", fid) for fid in inv.ids()}
        if inv.stock_before:
            before = start - dt.timedelta(days=1)
            opening = reg[inv.stock_before].compute(before, before, region, reg)
            expected = (
                opening + sum(values[p] for p in inv.parts) - sum(values[m] for m in inv.minus)
            )
            holds = values[inv.total] == expected
            detail = (
                f"{labels[inv.total]}{values[inv.total]}，期初{opening}"
                f"+{'+'.join(f'{labels[p]}{values[p]}' for p in inv.parts)}"
                f"−{'−'.join(f'{labels[m]}{values[m]}' for m in inv.minus)}={expected}"
            )
        else:
            rest = remainder(values, inv)
            holds = rest >= 0 if inv.remainder else rest == 0
            detail = (
                f"{labels[inv.total]}{values[inv.total]}，"
                f"{'+'.join(f'{labels[p]}{values[p]}' for p in inv.parts)}，差{rest}"
            )
        out.append(Check(id=inv.id, invariant=inv.text(labels), holds=holds, detail=detail))
    return out
