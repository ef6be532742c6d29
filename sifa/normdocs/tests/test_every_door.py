"""A legality review reaches the same states, with the same timeline, whichever door it comes
through: the moves (service, API) or a save whose dates say the step was taken (entry screen,
import)."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.testing import field_errors
from sifa.core.workflow import timeline
from sifa.normdocs import models as m
from sifa.normdocs import services

D = dt.date


@pytest.fixture
def draft(county, section_clerk):
    return services.legality_review_submit(
        user=section_clerk,
        region=county,
        title="测试县某办法",
        drafting_agency="县民政局",
        submitted_on=D(2022, 8, 1),
    )


def steps(review):
    return [(e.from_status, e.to_status, e.on) for e in timeline(review)]


EXPECTED = [
    (m.ReviewStatus.SUBMITTED, m.ReviewStatus.REVIEWED, D(2022, 8, 10)),
    (m.ReviewStatus.REVIEWED, m.ReviewStatus.PUBLISHED, D(2022, 8, 20)),
]


def test_moves_write_the_timeline(draft, section_clerk):
    services.legality_review_complete(
        draft, on=D(2022, 8, 10), opinion="lawful", user=section_clerk
    )
    services.legality_review_publish(draft, on=D(2022, 8, 20), user=section_clerk)
    assert steps(draft) == EXPECTED


def test_a_save_with_the_dates_writes_the_same_timeline(draft, section_clerk):
    draft.reviewed_on, draft.opinion = D(2022, 8, 10), "lawful"
    draft.published_on = D(2022, 8, 20)
    services.legality_review_save(draft, user=section_clerk)
    draft.refresh_from_db()
    assert draft.status == m.ReviewStatus.PUBLISHED
    assert draft.filing_due == D(2022, 9, 19)
    assert steps(draft) == EXPECTED
    services.legality_review_save(draft, user=section_clerk)  # saved again: nothing new
    assert steps(draft) == EXPECTED


def test_the_api_takes_the_moves(draft, section_clerk):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=section_clerk)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/normdocs/legalityreview/{draft.pk}/"
    assert [x["name"] for x in client.get(url).json()["moves"]] == ["complete"]
    bad = client.post(f"{url}moves/complete/", {"on": "2022-08-10"}, format="json")
    assert bad.status_code == 400 and "opinion" in field_errors(bad)
    ok = client.post(
        f"{url}moves/complete/", {"on": "2022-08-10", "opinion": "lawful"}, format="json"
    )
    assert ok.status_code == 200, ok.content
    ok = client.post(f"{url}moves/publish/", {"on": "2022-08-20"}, format="json")
    assert ok.json()["status"] == m.ReviewStatus.PUBLISHED
    draft.refresh_from_db()
    assert steps(draft) == EXPECTED
