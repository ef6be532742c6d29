"""Every entry screen of the three service lines opens for a clerk of those lines."""

import pytest
from django.urls import reverse

SCREENS = [
    "legalservice_platform",
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
def test_list_and_add_screens_open(client, make_user, screen):
    client.force_login(make_user("section", lines=["legalservice", "legalaid", "notary"]))
    assert client.get(reverse(f"admin:{screen}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{screen}_add")).status_code == 200


@pytest.mark.parametrize("screen", SCREENS)
def test_viewer_is_kept_out(client, viewer, screen):
    client.force_login(viewer)
    assert client.get(reverse(f"admin:{screen}_changelist")).status_code in (302, 403)


def test_township_office_opens_the_advisor_screens(client, township_clerk):
    client.force_login(township_clerk)
    for screen in SCREENS[:3]:
        assert client.get(reverse(f"admin:{screen}_add")).status_code == 200
