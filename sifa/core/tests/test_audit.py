"""History: every write of a business record keeps who, when, from where, before/after."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.apps import apps

from sifa.core import registry
from sifa.core.audit import bulk_create_with_history, history, is_audited, log_access
from sifa.core.models import Activity, ActivityType, Record
from sifa.core.services import record_delete, record_save
from sifa.workspace.links import page_url

D = dt.date(2022, 5, 10)


def test_every_business_record_type_is_audited():
    """Every Record subclass and every model of a line app (child tables too) keeps history."""
    from django.conf import settings

    line_labels = {app.rsplit(".", 1)[-1] for app in settings.SIFA_LINE_APPS}
    business = [
        m for m in apps.get_models() if issubclass(m, Record) or m._meta.app_label in line_labels
    ]
    assert Activity in business
    unaudited = [m.__name__ for m in business if not is_audited(m)]
    assert unaudited == []


@pytest.mark.django_db
class TestHistory:
    def test_create_and_update_keep_actor_and_values(self, section_clerk, county):
        lecture = ActivityType.objects.get(code="lecture")
        act = record_save(
            Activity(
                type=lecture, region=county, date=D, title="宪法宣讲", quantities={"attendees": 30}
            ),
            user=section_clerk,
        )
        act.title = "民法典宣讲"
        record_save(act, user=section_clerk)
        entries = list(history(act))
        assert [e.action for e in entries] == [LogEntry.Action.UPDATE, LogEntry.Action.CREATE]
        assert entries[0].actor == section_clerk
        assert entries[0].changes["title"] == ["宪法宣讲", "民法典宣讲"]

    def test_delete_is_soft_and_logged(self, section_clerk, make_activity, county):
        act = make_activity("lecture", county, D)
        record_delete(act, user=section_clerk)
        assert not Activity.objects.filter(pk=act.pk).exists()
        assert Activity.all_objects.get(pk=act.pk).deleted_at is not None
        assert history(act).first().changes.get("deleted_at")

    def test_bulk_create_writes_one_entry_per_row(self, section_clerk, county):
        lecture = ActivityType.objects.get(code="lecture")
        objs = [Activity(type=lecture, region=county, date=D, title=f"第{i}场") for i in range(5)]
        created = bulk_create_with_history(
            Activity, objs, user=section_clerk, remote_addr="10.1.2.3"
        )
        for obj in created:
            entry = history(obj).get()
            assert entry.action == LogEntry.Action.CREATE
            assert entry.actor == section_clerk
            assert entry.remote_addr == "10.1.2.3"
            assert entry.changes["title"][1] == obj.title

    def test_request_address_is_recorded(self, client, township_clerk, village_a):
        lecture = ActivityType.objects.get(code="lecture")
        client.force_login(township_clerk)
        response = client.post(
            page_url(registry.get(Activity), "create"),
            {
                "type": lecture.pk,
                "date": "2022-05-10",
                "region": village_a.pk,
                "title": "村民法治讲座",
                "quantities": '{"attendees": 40}',
                "theme": "",
                "note": "",
            },
            REMOTE_ADDR="192.168.8.20",
        )
        assert response.status_code == 302, response.context["form"].errors
        act = Activity.objects.get(title="村民法治讲座")
        entry = history(act).get()
        assert entry.actor == township_clerk
        assert entry.remote_addr == "192.168.8.20"
        assert act.created_by == township_clerk

    def test_access_log(self, admin_user, make_activity, county):
        act = make_activity("lecture", county, D)
        log_access(act, user=admin_user, remote_addr="10.0.0.1")
        assert history(act).filter(action=LogEntry.Action.ACCESS, actor=admin_user).exists()

    def test_history_cannot_be_edited_in_admin(self, client, make_user, make_activity, county):
        from sifa.accounts.testing import login_verified

        act = make_activity("lecture", county, D)
        act.title = "x"
        act.save()
        entry = history(act).first()
        login_verified(client, make_user("auditor"))  # the only reader of the audit log
        assert client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200
        client.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {"object_repr": "篡改"})
        client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"})
        entry.refresh_from_db()
        assert entry.object_repr != "篡改"

    def test_record_page_shows_changes(self, client, section_clerk, make_activity, county):
        """A record's page carries its change history (who changed what from what to what)."""
        act = make_activity("lecture", county, D, title="旧名称")
        act.title = "新名称"
        act.save()
        client.force_login(section_clerk)
        page = client.get(page_url(registry.get(Activity), "detail", act.pk)).content.decode()
        assert "旧名称" in page and "新名称" in page


@pytest.mark.django_db
def test_bulk_history_masks_id_numbers(county):
    """A model's audit_masked_fields are masked in bulk-written history as in single writes."""
    from sifa.core import idnumber
    from sifa.enforcement.models import Officer

    assert "id_number" in Officer.audit_masked_fields
    number = idnumber.make("61063219800101123")
    from sifa.core.models import Unit
    from sifa.enforcement.models import EnforcementAgency

    agency = EnforcementAgency.objects.create(
        region=county,
        unit=Unit.objects.get(kind="agency"),
        kind=EnforcementAgency._meta.get_field("kind").choices[0][0],
    )
    officer = Officer(
        region=county, agency=agency, name="王五", id_number=number, hired_on=dt.date(2020, 1, 1)
    )
    bulk_create_with_history(Officer, [officer])
    entry = history(officer).get()
    assert entry.changes["id_number"][1] == idnumber.mask(number)
    assert number not in str(entry.changes)
