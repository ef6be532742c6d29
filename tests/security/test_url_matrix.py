"""Role × URL matrix: every URL pattern the site serves, opened by every role, with the ids of
records of another township and of a sealed minor's file. No page may fail, and no page may show
a person the reader may not see.

The URLs come from Django's resolver, so a new page is covered as soon as it is routed. Each
marker is a name that appears only in one record: finding it in a response is a leak.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.urls import URLResolver, get_resolver

from sifa.accounts.testing import login_verified
from sifa.core.idnumber import make
from sifa.correction.tests.helpers import subject
from sifa.mediation import services as mediation
from sifa.mediation.models import CaseParty
from sifa.mediation.tests.conftest import make_committee

SEALED = "封存未成年甲"  # a minor's sealed file, in township A
ADULT = "甲乡成年乙"  # an adult under correction, in township A
PARTY = "甲乡当事人丙"  # a party to a mediation case, in township A
PARTY_ID = make("61063219850312001")  # that party's ID number: the mediation staff's to see

# Pages whose job is to show the audit trail: its readers (the 安全审计员) see the names the
# trail records, as they must to audit who read which file.
AUDIT_PAGES = ("admin/auditlog/", "admin/auditchain/")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("SIFA_DATABASE_URL", "").startswith("postgres"),
        reason="runs once, in the SQLite pass: access rules do not depend on the database",
    ),
]


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _model_of(pattern: str) -> str | None:
    found = re.match(r"(?:admin|api|records)/\^?(\w+)/(\w+)/", pattern)
    return f"{found.group(1)}.{found.group(2)}" if found else None


def urls(objects: dict[str, list[int]]) -> list[str]:
    """Every GET-able path of the site, with record ids filled in from `objects` (by
    "app.model", or every marker record for a page not tied to one type)."""
    out = set()
    for pattern in _walk(get_resolver().url_patterns):
        if "format" in pattern or pattern.startswith("admin/r/"):
            continue
        names = _CONVERTER.findall(pattern) + _GROUP.findall(pattern)
        ids = [None]
        if any(n in ("pk", "object_id", "id") for n in names):
            model = _model_of(pattern)
            # a type without a marker record: an id that exists nowhere (a 404, never a 500)
            records = {k: v for k, v in objects.items() if not k.startswith("_")}
            ids = records.get(model, [999_999]) if model else sum(records.values(), [])
        for pk in ids:
            values = {
                "pk": pk,
                "object_id": pk,
                "id": pk,
                "fid": "correction.registered",
                "move": "start",
                "token": "x",
            }

            def fill(m, values=values):
                return str(values.get(m.group(1), "x"))

            path = _GROUP.sub(fill, _CONVERTER.sub(fill, pattern))
            path = path.replace("^", "").replace("$", "").replace("\\", "")
            out.add("/" + path)
    return sorted(out)


@pytest.fixture
def world(township_a, village_a):
    minor = subject(
        township_a,
        name=SEALED,
        birth=dt.date(2006, 4, 1),
        is_minor=True,
        received=dt.date(2022, 3, 12),
    )
    adult = subject(township_a, name=ADULT, received=dt.date(2022, 3, 10))
    committee = make_committee(village_a)
    case = mediation.case_accept(
        committee=committee,
        received_on=dt.date(2022, 3, 1),
        dispute_type="neighbour",
        parties=[CaseParty(name=PARTY, id_number=PARTY_ID), CaseParty(name="甲乡当事人丁")],
        user=None,
    )
    return {
        "_sealed_id_number": minor.id_number,
        "correction.subject": [minor.pk, adult.pk],
        "mediation.mediationcase": [case.pk],
        "mediation.mediationcommittee": [committee.pk],
        "_id_number": adult.id_number,
    }


ID_NUMBER = "_id_number"  # the adult's full ID number: only the correction staff's to see
SEALED_ID = "_sealed_id_number"  # the minor's: only for those who carry out the correction

# role → (how to make the reader, the markers it may see)
READERS = {
    "局领导": (lambda mk, a, b: mk("leader"), {ADULT, PARTY}),
    "社区矫正股（无封存权限）": (
        lambda mk, a, b: mk("section", lines=["correction"]),
        {ADULT, ID_NUMBER},
    ),
    "调解股": (lambda mk, a, b: mk("section", lines=["mediation"]), {PARTY, PARTY_ID}),
    "社区矫正股（有封存权限）": (
        lambda mk, a, b: mk("section", lines=["correction"], sealed=True),
        {SEALED, SEALED_ID, ADULT, ID_NUMBER},
    ),
    # the office executing both corrections and recording the township's mediation
    "本乡司法所": (
        lambda mk, a, b: mk("office", region=a),
        {SEALED, SEALED_ID, ADULT, ID_NUMBER, PARTY, PARTY_ID},
    ),
    "另一司法所": (lambda mk, a, b: mk("office", region=b, sealed=True), set()),
    "上级查看": (lambda mk, a, b: mk("viewer"), set()),
    "系统管理员": (lambda mk, a, b: mk("admin"), set()),
    "安全管理员": (lambda mk, a, b: mk("security"), set()),
    "安全审计员": (lambda mk, a, b: mk("auditor"), set()),
}


@pytest.mark.parametrize("role", list(READERS))
def test_no_page_fails_or_leaks(client, world, make_user, township_a, township_b, role):
    make, allowed = READERS[role]
    reader = make(make_user, township_a, township_b)
    login_verified(client, reader)
    markers = {
        SEALED: SEALED,
        ADULT: ADULT,
        PARTY: PARTY,
        PARTY_ID: PARTY_ID,
        ID_NUMBER: world[ID_NUMBER],
        SEALED_ID: world[SEALED_ID],
    }
    forbidden = {text for key, text in markers.items() if key not in allowed}
    leaks, failures = [], []
    for url in urls(world):
        resp = client.get(url)
        if resp.status_code >= 500:
            failures.append((url, resp.status_code))
            continue
        if role == "安全审计员" and url.startswith(tuple("/" + p for p in AUDIT_PAGES)):
            continue
        if resp.status_code != 200 or getattr(resp, "streaming", False):
            continue
        body = resp.content.decode("utf-8", errors="ignore")
        leaks += [(url, marker) for marker in forbidden if marker in body]
    assert not failures, failures
    assert not leaks, leaks


def test_the_matrix_covers_every_routed_page(world):
    """A sanity check of the walk itself: the entry screens, the API and the file pages."""
    found = urls(world)
    assert len(found) > 300
    assert f"/correction/subjects/{world['correction.subject'][0]}/" in found
    assert any(u.startswith("/api/mediation/mediationcase/") for u in found)
    assert any(u.endswith("/change/") for u in found)
