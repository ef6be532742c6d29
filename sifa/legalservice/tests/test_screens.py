"""Every workspace page of the three service lines opens for a clerk of those lines.

(Service platforms are units, kept by the system administrator; they have no workspace pages.)"""

import pytest
from django.urls import reverse

SCREENS = [
    "legalservice_advisorcontract",
    "legalservice_advisorservice",
    "legalaid_aidapplication",
    "legalaid_aidcase",
    "legalaid_pleahelp",
    "legalaid_aidconsultation",
    "legalaid_aiddocument",
    "notary_notarization",
    "notary_notaryconsultation",
    "notary_notarydocument",
]


@pytest.mark.parametrize("screen", SCREENS)
def test_list_and_create_pages_open(client, make_user, screen):
    client.force_login(make_user("section", lines=["legalservice", "legalaid", "notary"]))
    assert client.get(reverse(f"workspace:{screen}_list")).status_code == 200
    assert client.get(reverse(f"workspace:{screen}_create")).status_code == 200


@pytest.mark.parametrize("screen", SCREENS)
def test_viewer_cannot_create(client, viewer, screen):
    client.force_login(viewer)
    assert client.get(reverse(f"workspace:{screen}_create")).status_code in (302, 403, 404)


def test_township_office_opens_the_advisor_pages(client, township_clerk):
    client.force_login(township_clerk)
    for screen in SCREENS[:2]:
        assert client.get(reverse(f"workspace:{screen}_create")).status_code == 200
