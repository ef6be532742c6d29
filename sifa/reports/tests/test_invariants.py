"""The invariants of figures.yaml, checked on every computation and reported by id."""

import datetime as dt

from sifa.reports.invariants import INVARIANTS, check_all

Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


class Fixed:
    """A stand-in indicator whose compute gives a fixed number (the stock before the start)."""

    def __init__(self, value):
        self.value = value
        self.asked = []

    def compute(self, start, end, region=None, registry=None):
        self.asked.append((start, end))
        return self.value


def run(values, opening=0):
    reg = {fid: Fixed(opening) for inv in INVARIANTS for fid in inv.ids()}
    full = {fid: 0 for fid in reg}
    full.update(values)
    return {c.id: c for c in check_all(full, reg, Y0, Y1, None)}, reg


def test_every_invariant_is_reported_by_id():
    checks, _ = run({})
    assert set(checks) == {inv.id for inv in INVARIANTS}
    assert all(c.holds for c in checks.values())


def test_exact_sum_broken_is_reported():
    checks, _ = run({"normdocs.reviewed": 8, "normdocs.published": 6, "normdocs.pending": 1})
    assert not checks["normdocs.reviewed"].holds
    assert "差1" in checks["normdocs.reviewed"].detail
    checks, _ = run({"normdocs.reviewed": 8, "normdocs.published": 6, "normdocs.pending": 2})
    assert checks["normdocs.reviewed"].holds


def test_legal_aid_types_add_up():
    good = {
        "legalaid.cases": 236,
        "legalaid.criminal": 58,
        "legalaid.civil": 142,
        "legalaid.labor_arbitration": 21,
        "legalaid.administrative": 15,
    }
    assert run(good)[0]["legalaid.cases"].holds
    assert not run({**good, "legalaid.civil": 141})[0]["legalaid.cases"].holds


def test_remainder_for_amendments_may_be_positive_never_negative():
    base = {"cleanup.docs_reviewed": 35, "cleanup.docs_invalidated": 7}
    assert run({**base, "cleanup.docs_retained": 28})[0]["cleanup.docs_reviewed"].holds
    assert run({**base, "cleanup.docs_retained": 25})[0]["cleanup.docs_reviewed"].holds  # 3 修改
    assert not run({**base, "cleanup.docs_retained": 29})[0]["cleanup.docs_reviewed"].holds
    rec = {
        "reconsideration.concluded": 18,
        "reconsideration.upheld": 9,
        "reconsideration.revoked": 3,
        "reconsideration.dismissed": 4,
        "reconsideration.terminated": 3,
    }
    assert not run(rec)[0]["reconsideration.concluded"].holds


def test_accepted_equals_concluded_plus_pending():
    v = {"reconsideration.accepted": 21, "reconsideration.concluded": 18}
    assert run({**v, "reconsideration.pending": 3})[0]["reconsideration.accepted"].holds
    assert not run({**v, "reconsideration.pending": 2})[0]["reconsideration.accepted"].holds


def test_correction_register_uses_the_day_before_the_start():
    v = {"correction.registered": 57, "correction.received": 38, "correction.released": 41}
    checks, reg = run(v, opening=60)
    assert checks["correction.registered"].holds
    assert reg["correction.registered"].asked == [(dt.date(2021, 12, 31), dt.date(2021, 12, 31))]
    checks, _ = run(v, opening=59)
    assert not checks["correction.registered"].holds


def test_invariants_of_undeclared_figures_are_skipped():
    reg = {"normdocs.reviewed": Fixed(0)}
    assert check_all({"normdocs.reviewed": 1}, reg, Y0, Y1, None) == []
