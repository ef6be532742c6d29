"""Content-Security-Policy: own files only, no inline script or event handler in any template."""

import re
from pathlib import Path

import pytest

import sifa

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def templates():
    return sorted(Path(sifa.__file__).parent.glob("*/templates/**/*.html"))


def test_there_are_templates():
    assert len(templates()) > 10


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p).split("sifa/", 1)[-1])
def test_template_has_no_inline_script_or_handler(path):
    text = path.read_text()
    for attrs in SCRIPT.findall(text):
        assert "src=" in attrs or 'type="application/json"' in attrs, (path, attrs)
    assert not HANDLER.search(text), path
    assert "javascript:" not in text, path


@pytest.mark.django_db
class TestHeader:
    def test_policy_on_the_login_page(self, client):
        policy = directives(client.get("/login/"))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]

    def test_dashboard_scripts_are_files_and_data_is_json(self, client, bureau_leader):
        client.force_login(bureau_leader)
        page = client.get("/dashboard/?year=2022").content.decode()
        tags = SCRIPT.findall(page)
        assert tags and all(
            "src=" in attrs or 'type="application/json"' in attrs for attrs in tags
        ), tags
        assert not HANDLER.search(page)

    def test_api_docs_have_no_inline_script(self, client):
        page = client.get("/api/docs/").content.decode()
        tags = SCRIPT.findall(page)
        assert tags and all("src=" in attrs for attrs in tags), tags
        script = client.get("/api/docs/?script=")
        assert script.status_code == 200
        assert "SwaggerUIBundle" in script.content.decode()

    def test_admin_pages_have_no_inline_script(self, client, admin_user):
        from sifa.accounts.testing import login_verified

        login_verified(client, admin_user)
        for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
            resp = client.get(url)
            assert resp.status_code == 200, url
            page = resp.content.decode()
            for attrs in SCRIPT.findall(page):
                assert "src=" in attrs or 'type="application/json"' in attrs, (url, attrs)
