"""Every normdocs / cleanup figure from records made here: period edges and township scope."""

import datetime as dt

import pytest

from sifa.core.indicators import registry
from sifa.normdocs import models as m

D = dt.date
START, END = D(2022, 1, 1), D(2022, 12, 31)
EDGE, NEXT = D(2022, 12, 31), D(2023, 1, 1)


@pytest.fixture
def reg():
    return registry()


def value(reg, figure, region=None):
    return reg[figure].compute(START, END, region, reg)


def test_suggestions_count_by_reply_date(reg, county, township_a):
    def comment(region, received, replied):
        m.LegislativeComment.objects.create(
            region=region,
            draft_title="草案",
            requested_by="市局",
            received_on=received,
            replied_on=replied,
        )

    comment(county, D(2022, 12, 20), EDGE)
    comment(township_a, D(2021, 12, 25), D(2022, 1, 1))  # received last year, replied this year
    comment(county, D(2022, 12, 28), NEXT)  # replied next year
    comment(county, D(2022, 6, 1), None)  # no reply yet
    assert value(reg, "normdocs.suggestions") == 2
    assert value(reg, "normdocs.suggestions", township_a) == 1


def test_hearings(reg, county, township_a):
    for region, on in ((county, EDGE), (township_a, D(2022, 1, 1)), (county, NEXT)):
        m.DraftingHearing.objects.create(region=region, title="听证", organiser="某局", held_on=on)
    assert value(reg, "normdocs.hearings") == 2
    assert value(reg, "normdocs.hearings", township_a) == 1


def test_consultations(reg, county, township_a):
    for region, on in ((county, EDGE), (township_a, D(2022, 1, 1)), (county, NEXT)):
        m.NormdocConsultation.objects.create(
            region=region, received_on=on, asker="某局", subject="咨询"
        )
    assert value(reg, "normdocs.consultations") == 2
    assert value(reg, "normdocs.consultations", township_a) == 1


def test_reviewed_published_pending(reg, county, township_a):
    def review(region, reviewed, published=None):
        m.LegalityReview.objects.create(
            region=region,
            title="文件",
            drafting_agency="某局",
            submitted_on=D(2021, 12, 1),
            reviewed_on=reviewed,
            opinion="lawful" if reviewed else "",
            published_on=published,
        )

    review(county, EDGE, published=EDGE)  # published on the end date
    review(county, D(2022, 1, 1), published=D(2022, 3, 1))
    review(township_a, D(2022, 5, 1), published=NEXT)  # published after the end date: pending
    review(county, D(2022, 6, 1))  # under discussion
    review(county, NEXT, published=NEXT)  # reviewed next year
    review(county, None)  # review not finished
    assert value(reg, "normdocs.reviewed") == 4
    assert value(reg, "normdocs.published") == 2
    assert value(reg, "normdocs.pending") == 2
    assert value(reg, "normdocs.reviewed", township_a) == 1
    assert value(reg, "normdocs.published", township_a) == 0
    assert value(reg, "normdocs.pending", township_a) == 1


def test_cleanup_figures(reg, county, township_a):
    def round_(region, concluded):
        return m.CleanupRound.objects.create(
            region=region, title="清理", started_on=D(2021, 9, 1), concluded_on=concluded
        )

    def items(r, kind, recs):
        for rec in recs:
            m.CleanupItem.objects.create(
                round=r, region=r.region, kind=kind, title="件", recommendation=rec
            )

    edge = round_(county, EDGE)
    items(edge, "document", ["lapse", "retain", "retain", "amend"])
    items(edge, "agreement", ["lapse", "retain"])
    town = round_(township_a, D(2022, 1, 1))
    items(town, "document", ["retain"])
    items(town, "agreement", ["retain", "retain"])
    items(round_(county, NEXT), "document", ["lapse"] * 5)  # concluded next year
    items(round_(county, None), "document", ["lapse"] * 5)  # not concluded
    deleted = round_(county, D(2022, 6, 1))
    items(deleted, "document", ["lapse"] * 5)
    deleted.soft_delete()  # a deleted round's items do not count
    expected = {
        "cleanup.docs_reviewed": (5, 1),
        "cleanup.docs_invalidated": (1, 0),
        "cleanup.docs_retained": (3, 1),
        "cleanup.docs_amended": (1, 0),
        "cleanup.agreements_reviewed": (4, 2),
        "cleanup.agreements_invalidated": (1, 0),
        "cleanup.agreements_retained": (3, 2),
        "cleanup.agreements_amended": (0, 0),
    }
    for figure, (whole, township) in expected.items():
        assert value(reg, figure) == whole, figure
        assert value(reg, figure, township_a) == township, figure
    assert value(reg, "cleanup.docs_reviewed") == sum(
        value(reg, f)
        for f in ("cleanup.docs_invalidated", "cleanup.docs_retained", "cleanup.docs_amended")
    )
