import datetime as dt

import pytest
from django.http import Http404

from sifa.correction import selectors
from sifa.correction.models import Classification, ClassLevel, Subject

from .helpers import subject

D = dt.date


@pytest.fixture
def files(township_a, township_b):
    """An adult and a sealed minor in township A, an adult in township B."""
    adult = subject(township_a, name="成年甲", received=D(2022, 3, 5))
    minor = subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))
    other = subject(township_b, name="成年丙", received=D(2022, 3, 5))
    Classification.objects.create(
        subject=minor,
        region=township_a,
        level=ClassLevel.NORMAL,
        decided_on=D(2022, 3, 5),
        reason="入矫",
    )
    return adult, minor, other


def names(qs):
    return sorted(s.name for s in qs)


class TestSealedMinors:
    def test_minor_is_flagged(self, files):
        assert files[1].is_minor and not files[0].is_minor

    def test_hidden_from_a_correction_clerk_without_the_permission(self, files, make_user):
        clerk = make_user("section", lines=["correction"], sealed=False)
        assert names(selectors.subjects(clerk)) == ["成年丙", "成年甲"]
        with pytest.raises(Http404):
            selectors.subject_get(clerk, files[1].pk)
        assert not selectors.file_records(clerk, Classification).exists()

    def test_hidden_from_the_leader(self, files, bureau_leader):
        bureau_leader.can_view_sealed = True  # the flag alone is not enough: not line staff
        assert "未成年乙" not in names(selectors.subjects(bureau_leader))

    def test_visible_to_the_executing_township_office(self, files, township_clerk):
        """The office that supervises the minor sees the file (without the county's flag)."""
        assert names(selectors.subjects(township_clerk)) == ["成年甲", "未成年乙"]
        assert selectors.subject_get(township_clerk, files[1].pk) == files[1]
        assert selectors.file_records(township_clerk, Classification).count() == 1

    def test_hidden_from_another_township_office_with_the_flag(self, files, make_user, township_b):
        office = make_user("office", region=township_b, sealed=True)
        assert names(selectors.subjects(office)) == ["成年丙"]
        assert not selectors.file_records(office, Classification).exists()

    def test_hidden_from_another_lines_clerk_with_the_flag(self, files, make_user):
        other = make_user("section", lines=["mediation"], sealed=True)
        assert names(selectors.subjects(other)) == []

    def test_visible_to_a_correction_clerk_with_the_permission(self, files, make_user):
        clerk = make_user("section", lines=["correction"], sealed=True)
        assert names(selectors.subjects(clerk)) == ["成年丙", "成年甲", "未成年乙"]
        assert selectors.subject_get(clerk, files[1].pk) == files[1]
        assert selectors.file_records(clerk, Classification).count() == 1

    def test_never_in_exports_even_with_the_permission(self, files, make_user):
        clerk = make_user("section", lines=["correction"], sealed=True)
        from sifa.core import registry

        assert names(registry.get(Subject).exportable(clerk)) == ["成年丙", "成年甲"]
        assert not registry.get(Classification).exportable(clerk).exists()


class TestScoping:
    def test_township_office_sees_only_its_township(self, files, township_clerk):
        assert "成年丙" not in names(selectors.subjects(township_clerk))
        with pytest.raises(Http404):
            selectors.subject_get(township_clerk, files[2].pk)

    def test_viewer_sees_no_personal_data(self, files, viewer):
        assert not selectors.subjects(viewer).exists()

    def test_registered_on_a_day(self, files, make_user):
        clerk = make_user("section", lines=["correction"], sealed=True)
        assert selectors.subjects(clerk, registered_on=D(2022, 3, 4)).count() == 0
        assert selectors.subjects(clerk, registered_on=D(2022, 3, 5)).count() == 3


class TestAuditedRead:
    def test_opening_a_file_writes_an_access_entry(self, files, make_user):
        from auditlog.models import LogEntry

        clerk = make_user("section", lines=["correction"])
        selectors.subject_file(clerk, files[0].pk, remote_addr="10.0.0.7")
        entry = (
            LogEntry.objects.get_for_object(files[0]).filter(action=LogEntry.Action.ACCESS).get()
        )
        assert (entry.actor, entry.remote_addr) == (clerk, "10.0.0.7")

    def test_intake_lists(self, township_a, make_user):
        clerk = make_user("section", lines=["correction"])
        pending = subject(township_a, judged=D(2022, 3, 1))
        late = subject(township_a, judged=D(2022, 3, 1), received=D(2022, 3, 20))
        assert list(selectors.intakes_overdue(clerk, today=D(2022, 3, 15))) == [pending]
        assert list(selectors.intakes_overdue(clerk, today=D(2022, 3, 10))) == []
        assert list(selectors.intakes_late(clerk)) == [late]
        assert Subject.objects.count() == 2


def test_id_number_is_masked_in_the_audit_history(township_a):
    from auditlog.models import LogEntry

    s = subject(township_a)
    entry = LogEntry.objects.get_for_object(s).get(action=LogEntry.Action.CREATE)
    logged = entry.changes["id_number"][1]
    assert logged != s.id_number and logged.startswith("*") and logged.endswith(s.id_number[-4:])
