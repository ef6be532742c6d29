"""Reads: scoping by role and the filing lists (有件必备: unfiled and overdue flagged)."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.normdocs import models as m
from sifa.normdocs import selectors

D = dt.date
TODAY = D(2022, 6, 1)


def review(region, title, *, published=None, due=None, filed=None):
    return m.LegalityReview.objects.create(
        region=region,
        title=title,
        drafting_agency="县民政局",
        submitted_on=D(2022, 1, 5),
        reviewed_on=D(2022, 1, 10),
        opinion="lawful",
        published_on=published,
        filing_due=due,
        filed_on=filed,
    )


@pytest.fixture
def docs(county):
    return {
        "draft": review(county, "讨论中"),
        "pending": review(county, "待备案", published=D(2022, 5, 20), due=D(2022, 6, 20)),
        "overdue": review(county, "逾期未备案", published=D(2022, 4, 1), due=D(2022, 5, 3)),
        "on_time": review(
            county, "按期备案", published=D(2022, 3, 1), due=D(2022, 3, 31), filed=D(2022, 3, 20)
        ),
        "late": review(
            county, "逾期备案", published=D(2022, 2, 1), due=D(2022, 3, 3), filed=D(2022, 3, 10)
        ),
    }


@pytest.mark.parametrize(
    "state,key",
    [
        ("not_published", "draft"),
        ("pending", "pending"),
        ("overdue", "overdue"),
        ("on_time", "on_time"),
        ("late", "late"),
    ],
)
def test_each_filing_state_filters_exactly_its_records(docs, section_clerk, state, key):
    found = list(selectors.reviews(section_clerk, filing_state=state, today=TODAY))
    assert found == [docs[key]]
    assert docs[key].filing_state(today=TODAY) == state  # list filter and record agree


def test_unfiled_list_puts_overdue_first(docs, section_clerk):
    assert [r.title for r in selectors.reviews_to_file(section_clerk)] == ["逾期未备案", "待备案"]
    assert [r.title for r in selectors.reviews_overdue(section_clerk, today=TODAY)] == [
        "逾期未备案"
    ]


def test_township_clerk_sees_no_county_documents_and_gets_404(docs, township_clerk):
    assert not selectors.reviews(township_clerk).exists()
    with pytest.raises(Http404):
        selectors.review_get(township_clerk, docs["draft"].pk)


def test_township_records_visible_only_to_that_township(
    township_a, township_b, township_clerk, other_township_clerk
):
    own = m.NormdocConsultation.objects.create(
        region=township_a, received_on=D(2022, 3, 1), asker="甲镇", subject="咨询"
    )
    assert list(selectors.consultations(township_clerk)) == [own]
    assert not selectors.consultations(other_township_clerk).exists()


def test_section_clerk_without_the_line_sees_nothing(docs, make_user):
    clerk = make_user("section", lines=["rulelaw"])
    assert not selectors.reviews(clerk).exists()
    with pytest.raises(Http404):
        selectors.review_get(clerk, docs["draft"].pk)


def test_viewer_sees_nothing(docs, viewer):
    assert not selectors.reviews(viewer).exists()
