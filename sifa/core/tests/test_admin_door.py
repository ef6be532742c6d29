"""The admin is 系统管理's, never a clerk's (issue 13): a business account asking for any admin
page is sent to the workspace page standing for it, or home; the administrators keep it; the
top bar never offers a clerk the admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sifa.accounts.testing import login_verified
from sifa.core import registry
from sifa.core.models import Activity
from sifa.mediation.models import MediationCase
from sifa.workspace.links import page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerks(make_user, township_a):
    """One account of every business role (the roles that are not administrators)."""
    return {
        "leader": make_user("leader"),
        "section": make_user("section", lines=["mediation", "rulelaw"]),
        "office": make_user("office", region=township_a),
        "viewer": make_user("viewer"),
    }


@pytest.fixture
def lecture(make_activity, village_a):
    return make_activity("lecture", village_a, dt.date(2022, 5, 10))


@pytest.mark.parametrize("role", ["leader", "section", "office", "viewer"])
def test_every_business_role_is_sent_from_the_admin_to_the_workspace(client, clerks, role, lecture):
    client.force_login(clerks[role])
    rt = registry.get(Activity)
    case_rt = registry.get(MediationCase)
    expected = {
        "/admin/": "/",
        "/admin/core/": "/",
        "/admin/accounts/user/": "/",  # no workspace page for accounts: home
        "/admin/core/activity/": page_url(rt, "list"),
        "/admin/core/activity/?q=普法": page_url(rt, "list") + "?q=%E6%99%AE%E6%B3%95",
        "/admin/core/activity/add/": page_url(rt, "create"),
        f"/admin/core/activity/{lecture.pk}/change/": page_url(rt, "detail", lecture.pk),
        f"/admin/core/activity/{lecture.pk}/history/": page_url(rt, "detail", lecture.pk),
        # a type no longer registered in the admin still finds its workspace page
        "/admin/mediation/mediationcase/5/change/": page_url(case_rt, "detail", 5),
        "/admin/mediation/mediationcase/": page_url(case_rt, "list"),
    }
    for asked, target in expected.items():
        resp = client.get(asked)
        assert resp.status_code == 302, asked
        assert resp["Location"] == target, asked
    # a form posted to the admin writes nothing and is sent away alike
    resp = client.post(f"/admin/core/activity/{lecture.pk}/change/", {"title": "改"})
    assert resp.status_code == 302
    lecture.refresh_from_db()
    assert lecture.title != "改"


def test_the_system_administrator_keeps_the_admin_for_accounts(client, admin_user):
    login_verified(client, admin_user)
    assert client.get("/admin/").status_code == 200
    resp = client.get("/admin/accounts/user/")
    assert resp.status_code == 200
    assert admin_user.username in resp.content.decode()
    assert client.get(f"/admin/accounts/user/{admin_user.pk}/change/").status_code == 200
    assert client.get("/admin/core/region/").status_code == 200


def test_the_other_two_administrators_keep_their_admin_pages(client, make_user):
    """三员分立: the security administrator grants rights and the auditor reads the log there."""
    login_verified(client, make_user("security"))
    assert client.get("/admin/accounts/user/").status_code == 200
    login_verified(client, make_user("auditor"))
    assert client.get("/admin/auditlog/logentry/").status_code == 200


def test_business_records_have_no_admin_screens(client, admin_user):
    """The workspace is the one door for business records: the admin registers none."""
    from django.contrib import admin

    from sifa.workspace import spec

    registered = set(admin.site._registry)
    assert not [rt.model for rt in spec.workspace_types() if rt.model in registered]
    login_verified(client, admin_user)
    resp = client.get("/admin/mediation/mediationcase/")
    assert resp.status_code == 302  # the former address leads to the workspace, which refuses
    assert resp["Location"] == page_url(registry.get(MediationCase), "list")
    assert client.get(resp["Location"]).status_code in (302, 403)


def _top_bar(html: str) -> str:
    match = re.search(r'<header class="topbar">(.*?)</header>', html, re.S)
    assert match, "the page has its top bar"
    return match.group(1)


@pytest.mark.parametrize("role", ["leader", "section", "office", "viewer"])
def test_the_menu_never_offers_a_clerk_the_admin(client, clerks, role):
    client.force_login(clerks[role])
    seen = 0
    for url in ("/records/", "/account/two-factor/", "/password/"):
        resp = client.get(url)
        if resp.status_code != 200:  # a reader without a workspace
            continue
        seen += 1
        bar = _top_bar(resp.content.decode())
        assert "/admin/" not in bar, url
        assert "系统管理" not in bar, url
    assert seen


def test_the_menu_offers_the_system_administrator_the_admin(client, admin_user):
    login_verified(client, admin_user)
    bar = _top_bar(client.get("/account/two-factor/").content.decode())
    assert 'href="/admin/"' in bar and "系统管理" in bar
