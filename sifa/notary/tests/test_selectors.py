import datetime as dt

import pytest
from django.http import Http404

from sifa.notary import selectors, services

D = dt.date


def test_due_lists_use_the_issue_deadline(accept, clerk):
    late = accept(D(2022, 3, 1))  # due 03-22
    done = services.notarization_issue(
        accept(D(2022, 3, 1)), on=D(2022, 3, 25), certificate_no="第1号", user=clerk
    )
    assert list(selectors.notarizations_due(clerk, "overdue", today=D(2022, 3, 23))) == [late]
    assert list(selectors.notarizations_due(clerk, "soon", today=D(2022, 3, 20))) == [late]
    assert list(selectors.notarizations_due(clerk, "done", today=D(2022, 3, 23))) == [done]


def test_township_office_sees_no_notarizations(accept, township_a, township_clerk):
    """Notary clients' matters stay with the notary office (need to know)."""
    mine = accept(region=township_a)
    assert list(selectors.notarizations_for(township_clerk)) == []
    with pytest.raises(Http404):
        selectors.notarization_get(township_clerk, mine.pk)
