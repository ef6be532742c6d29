"""Drill-down lists obey the sealed-file rule (社区矫正法 arts. 52–54): a minor's file is listed
only to those who carry out the correction — the township office that executes it and county
correction staff who hold the sealed-file permission; everyone else is told how many sealed files
the figure counts, never who they are."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from sifa.correction.tests.helpers import subject
from sifa.reports import engine

Q = {"start": "2022-01-01", "end": "2022-12-31"}
Y0, Y1 = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


@pytest.fixture
def files(township_a):
    adult = subject(township_a, name="成年甲", received=dt.date(2022, 3, 10))
    minor = subject(
        township_a,
        name="未成年乙",
        birth=dt.date(2006, 4, 1),
        is_minor=True,
        received=dt.date(2022, 3, 12),
    )
    return adult, minor


def _page(client, user, fid="correction.received", **extra):
    client.force_login(user)
    resp = client.get(reverse("reports:drilldown", args=[fid]), {**Q, **extra})
    assert resp.status_code == 200
    return resp.content.decode()


def _count(html, name):
    found = re.search(rf'id="{name}">(\d+)<', html)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize(
    "who", ["bureau_leader", "correction_clerk", "sealed_mediation_clerk", "sealed_other_office"]
)
def test_sealed_minor_is_not_listed(client, files, request, make_user, township_b, who):
    users = {
        "correction_clerk": lambda: make_user("section", lines=["correction"]),
        # the flag alone is not enough outside the correction line or outside the township
        "sealed_mediation_clerk": lambda: make_user("section", lines=["mediation"], sealed=True),
        "sealed_other_office": lambda: make_user("office", region=township_b, sealed=True),
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    html = _page(client, user)
    assert "未成年乙" not in html
    if who.startswith("sealed_"):  # another line, another township: none of A's files
        assert "成年甲" not in html and _count(html, "count") == 0
        return
    assert "成年甲" in html
    assert _count(html, "count") == 1
    assert _count(html, "sealed") == 1
    # the figure still counts both: the list and the note add up to it
    assert engine.compute(Y0, Y1, None).values["correction.received"] == 2


@pytest.mark.parametrize("who", ["sealed_correction_clerk", "township_clerk"])
def test_sealed_minor_is_listed_to_those_who_carry_out_the_correction(
    client, files, make_user, township_clerk, who
):
    clerk = (
        township_clerk  # the office executing the correction (township A), without the flag
        if who == "township_clerk"
        else make_user("section", lines=["correction"], sealed=True)
    )
    html = _page(client, clerk)
    assert "成年甲" in html and "未成年乙" in html
    assert _count(html, "count") == 2
    assert _count(html, "sealed") == 0


@pytest.mark.parametrize("fid", ["correction.registered", "correction.released"])
def test_every_correction_list_hides_the_sealed(client, files, bureau_leader, fid):
    from sifa.correction import services
    from sifa.correction.models.subjects import RELEASE_REASONS

    if fid == "correction.released":
        for s in files:
            services.subject_release(
                s, on=dt.date(2022, 9, 1), reason=RELEASE_REASONS[1], user=None
            )
    html = _page(client, bureau_leader, fid)
    assert "成年甲" in html
    assert "未成年乙" not in html
    assert _count(html, "sealed") == 1


def test_drilldown_export_never_carries_a_sealed_file(client, files, make_user):
    clerk = make_user("section", lines=["correction"], sealed=True)
    client.force_login(clerk)
    resp = client.get(
        reverse("reports:drilldown", args=["correction.received"]), {**Q, "export": "xlsx"}
    )
    assert resp.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    text = "".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert "成年甲" in text
    assert "未成年乙" not in text
