"""The integrator's check: a client generated from the live schema by openapi-python-client
(pinned in the test extra; it runs offline from the installed package) imports in full and,
alone, does the whole job against a running server — lists a township's mediation cases of
2022 by filter, creates a case with two parties, takes it to 调解成功 with an agreement, reads
its status and dates — and each refusal comes back in the declared error shape, in Chinese."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import re
import subprocess
import sys

import pytest
from rest_framework.authtoken.models import Token

from sifa.mediation.models import CaseStatus, MediationCase
from sifa.mediation.tests.conftest import make_committee

CJK = re.compile(r"[\u4e00-\u9fff]")
PACKAGE = "sifa_api_client"


def schema_json(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def generate(schema: dict, tmp_path) -> str:
    """Generate the client into tmp_path/PACKAGE and import every module of it."""
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")  # no formatter run: it needs nothing
    out = tmp_path / PACKAGE
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate"]
        + ["--path", str(path), "--output-path", str(out), "--meta", "none"]
        + ["--config", str(config)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout  # nothing skipped
    sys.path.insert(0, str(tmp_path))
    package = importlib.import_module(PACKAGE)
    names = [m.name for m in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]
    for name in names:
        importlib.import_module(name)  # every create and update module included
    (tmp_path / "names.txt").write_text("\n".join(names))
    assert f"{PACKAGE}.api.mediation.mediation_mediationcase_create" in names, len(names)
    return PACKAGE


def mod(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def error_of(response, status: int, field=None):
    """The declared error parsed by the generated model: (code, message) of `field`."""
    Error = mod("models").Error
    assert response.status_code == status, response.content
    parsed = response.parsed if hasattr(response, "parsed") else None
    if parsed is None:  # a raw call through the client's own HTTP session
        parsed = Error.from_dict(response.json())
    assert isinstance(parsed, Error), parsed
    for item in parsed.errors:
        assert CJK.search(item.message), item.message
    found = [e for e in parsed.errors if (e.field or None) == field]
    assert found, [(e.field, e.message) for e in parsed.errors]
    return found[0].code, found[0].message


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_does_the_whole_job(
    live_server, client, tmp_path, township_clerk, viewer, village_a, village_b, township_a
):
    committee = make_committee(village_a)
    other = make_committee(village_b)
    generate(schema_json(client), tmp_path)
    models = mod("models")
    cases_api = "api.mediation.mediation_mediationcase_"

    Client = importlib.import_module(PACKAGE).AuthenticatedClient
    key = Token.objects.create(user=township_clerk).key
    api = Client(base_url=live_server.url, token=key, prefix="Token")

    def case_body(**changes):
        body = {
            "committee": committee.pk,
            "region": village_a.code,
            "received_on": "2022-03-01",
            "dispute_type": "neighbour",
            "parties": [{"name": "张三"}, {"name": "李四"}],
            **changes,
        }
        return models.MediationMediationCaseRequest.from_dict(body)

    # Create a case with its two parties, in one request.
    created = mod(cases_api + "create").sync_detailed(client=api, body=case_body())
    assert created.status_code == 201, created.content
    case = created.parsed
    assert case.status == CaseStatus.ACCEPTED
    assert sorted(p.name for p in case.parties) == ["张三", "李四"]
    assert MediationCase.objects.get(pk=case.id).parties.count() == 2

    # List the township's cases of 2022 by filter (one of 2021 is left out).
    old = mod(cases_api + "create").sync_detailed(
        client=api, body=case_body(received_on="2021-12-30")
    )
    assert old.status_code == 201, old.content
    listed = mod(cases_api + "list").sync_detailed(
        client=api, region=township_a.code, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31)
    )
    assert listed.status_code == 200
    assert [c.id for c in listed.parsed.results] == [case.id]

    # Take it to 调解成功 with an agreement, through the moves its record offers.
    assert [m.name for m in case.moves] == ["start", "terminate"]
    started = mod(cases_api + "move_start").sync_detailed(
        id=case.id,
        client=api,
        body=models.MediationMediationCaseMoveStartRequest(on=dt.date(2022, 3, 2)),
    )
    assert started.status_code == 200, started.content
    body = models.MediationMediationCaseMoveSucceedRequest.from_dict(
        {"on": "2022-03-05", "agreement_form": "written"}
    )
    done = mod(cases_api + "move_succeed").sync_detailed(id=case.id, client=api, body=body)
    assert done.status_code == 200, done.content
    read = mod(cases_api + "retrieve").sync_detailed(id=case.id, client=api).parsed
    assert read.status == CaseStatus.SUCCEEDED
    assert read.started_on == dt.date(2022, 3, 2) and read.closed_on == dt.date(2022, 3, 5)

    # The six refusals of the issue, each parsed as the declared error.
    http = api.get_httpx_client()
    # 1. a bad date filter: 400, not a server error
    for bad in ("abc", "2022-13-01"):
        answer = http.get("/api/mediation/mediationcase/", params={"start": bad})
        assert error_of(answer, 400, "start")[0] == "invalid"
    # 2. a status is moved, not patched
    patched = mod(cases_api + "partial_update").sync_detailed(
        id=case.id,
        client=api,
        body=models.PatchedMediationMediationCaseRequest.from_dict({"status": "mediating"}),
    )
    assert "moves" in error_of(patched, 400, "status")[1]
    # 3. a case needs two parties (not silently dropped)
    one = mod(cases_api + "create").sync_detailed(
        client=api, body=case_body(parties=[{"name": "王五"}])
    )
    assert error_of(one, 400, "parties")[1]
    # 4. a region the rules would replace by the committee's is refused, not rewritten
    moved = mod(cases_api + "create").sync_detailed(
        client=api, body=case_body(region=township_a.code)
    )
    assert village_a.name in error_of(moved, 400, "region")[1]
    # 5. a committee its live cases use is not deleted
    gone = mod("api.mediation.mediation_mediationcommittee_destroy").sync_detailed(
        id=committee.pk, client=api
    )
    assert error_of(gone, 409)[0] == "protected"
    # 6. Chinese for DRF's own refusals; hidden and missing ids answer alike
    hidden = mod(cases_api + "create").sync_detailed(client=api, body=case_body(committee=other.pk))
    missing = mod(cases_api + "create").sync_detailed(client=api, body=case_body(committee=999999))
    assert error_of(hidden, 400, "committee") == error_of(missing, 400, "committee")
    not_int = http.post(
        "/api/mediation/mediationcase/", json={**case_body().to_dict(), "committee": "abc"}
    )
    error_of(not_int, 400, "committee")
    broken = http.post(
        "/api/mediation/mediationcase/",
        content=b'{"committee": ',
        headers={"Content-Type": "application/json"},
    )
    assert error_of(broken, 400)[0] == "parse_error"
    form = http.post("/api/mediation/mediationcase/", data={"committee": "1"})
    assert error_of(form, 415)[0] == "unsupported_media_type"
    assert MediationCase.objects.count() == 2  # the refusals above wrote nothing
    assert error_of(mod(cases_api + "retrieve").sync_detailed(id=999999, client=api), 404)
    viewer_api = Client(
        base_url=live_server.url, token=Token.objects.create(user=viewer).key, prefix="Token"
    )
    refused = mod(cases_api + "list").sync_detailed(client=viewer_api)
    assert "查阅" in error_of(refused, 403)[1]
    anonymous = importlib.import_module(PACKAGE).Client(base_url=live_server.url)
    assert error_of(mod(cases_api + "list").sync_detailed(client=anonymous), 401)

    # Typed JSON: quantities as a string is a 400; the figures parse into their model.
    lecture = next(
        t
        for t in mod("api.core.core_activitytype_list").sync(client=api).results
        if t.code == "lecture"
    )
    activity = http.post(
        "/api/core/activity/",
        json={
            "type": lecture.id,
            "region": village_a.code,
            "date": "2022-05-01",
            "title": "讲座",
            "quantities": "many",
        },
    )
    error_of(activity, 400, "quantities")
    figures = mod("api.figures.figures").sync_detailed(client=api, year=2022)
    assert figures.status_code == 200, figures.content
    assert isinstance(figures.parsed, models.Figures)
    for c in (api, viewer_api, anonymous):  # no connection left to the server's threads
        c.get_httpx_client().close()


@pytest.mark.django_db
def test_datamodel_code_generator_accepts_the_schema(client, county, tmp_path):
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema_json(client), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "sifa_models.py"
    result = subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator"]
        + ["--input", str(path), "--input-file-type", "openapi", "--output", str(out)]
        + ["--output-model-type", "pydantic_v2.BaseModel"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(tmp_path))
    generated = importlib.import_module("sifa_models")
    assert hasattr(generated, "Error") and hasattr(generated, "Figures")
