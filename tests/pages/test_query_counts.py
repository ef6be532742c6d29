"""Every page of the demo county costs a bounded number of queries, whatever its rows.

Lists show 50 rows a page; a page that queried once per row (N+1) would exceed the bound.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGE_BUDGET = 30  # queries for any list, form or workbench page of the demo county


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from sifa.core import demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo.build(password="x-demo-pass")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def count_queries(client, url):
    from django.db import connection

    client.get(url)  # warm caches (content types, registries)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


# The admin is the system administrator's (accounts, catalogue, settings); business records
# are listed in the workspace (test_every_workspace_page_is_bounded).
ADMIN_PAGES = (
    "/admin/",
    "/admin/accounts/user/",
    "/admin/core/region/",
    "/admin/core/unit/",
    "/admin/core/activitytype/",
)


@pytest.mark.django_db
def test_the_admins_lists_are_bounded(demo):
    from sifa.accounts.models import User
    from sifa.accounts.testing import login_verified

    client = Client()
    login_verified(client, User.objects.get(username="admin"))
    over = {}
    for url in ADMIN_PAGES:
        response, n = count_queries(client, url)
        assert response.status_code == 200, (url, response.status_code)
        if n > PAGE_BUDGET:
            over[url] = n
    assert over == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dashboard/?year=2022",
        "/reports/?year=2022",
        "/reports/preview/?year=2022",
        "/reports/figures/mediation.cases/?year=2022",
        "/reports/figures/publicity.events/?year=2022",
        "/data/import/",
    ],
)
def test_workbench_pages_are_bounded(demo, url):
    from sifa.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="juzhang" if "import" not in url else "gongfu"))
    response, n = count_queries(client, url)
    assert response.status_code == 200, url
    assert n <= PAGE_BUDGET, (url, n)


def workspace_urls(user):
    """The workspace's list, record page, forms and step pages of every record type, with the
    newest record the user may see of each (a new type is covered as is)."""
    from sifa.workspace import links, spec, views

    urls = []
    for rt in spec.workspace_types():
        if not views.can_view(user, rt):
            continue
        urls.append(links.page_url(rt, "list"))
        if views.can_add(user, rt):
            urls.append(links.page_url(rt, "create"))
        obj = rt.visible(user).order_by("-pk").first()
        if obj is not None:
            urls.append(links.record_url(obj))
            if views.can_change(user, obj):
                urls.append(links.page_url(rt, "edit", obj.pk))
                urls += [
                    links.page_url(rt, "move", obj.pk, m.name) for m in rt.moves_for(user, obj)
                ]
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["juzhang", "sfs_baishi", "gongfu"])
def test_every_workspace_page_is_bounded(demo, username):
    from sifa.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    over, failed = {}, {}
    for url in workspace_urls(user):
        response, n = count_queries(client, url)
        if response.status_code != 200:
            failed[url] = response.status_code
        if n > PAGE_BUDGET:
            over[url] = n
    assert failed == {}
    assert over == {}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["jiaozheng", "sfs_baishi"])
def test_correction_file_pages_are_bounded(demo, username):
    """The subject list and the fullest file the user may see (team, classification,
    supervision, leave, monitoring, rewards): the file's records add no query per row."""
    from django.db.models import Count

    from sifa.accounts.models import User
    from sifa.correction import selectors

    user = User.objects.get(username=username)
    fullest = (
        selectors.subjects(user)
        .exclude(received_on=None)
        .annotate(n=Count("supervisionevent", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    assert fullest is not None and fullest.n > 1  # the budget is measured on a real file
    client = Client()
    client.force_login(user)
    for url in (
        "/correction/subjects/",
        f"/correction/subjects/{fullest.pk}/",
        f"/correction/subjects/{fullest.pk}/supervision/new/",
    ):
        response, n = count_queries(client, url)
        assert response.status_code == 200, url
        assert n <= PAGE_BUDGET, (url, n)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("fazhi", "/"),
        ("fazhi", "/?due_page=2"),
        ("gongfu", "/?due_line=人民调解"),
        ("juzhang", "/"),
    ],
)
def test_home_per_role_is_bounded(demo, username, url):
    """The deadlines panel per role (counts per line; the items a page at a time)."""
    from sifa.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    response, n = count_queries(client, url)
    assert response.status_code == 200, url
    assert n <= PAGE_BUDGET, (url, n)
