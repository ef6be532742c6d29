import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation, TransitionNotAllowed
from sifa.core.lines import Line
from sifa.core.workflow import MSG_FINAL, MSG_NOT_ALLOWED, timeline
from sifa.plans import services
from sifa.plans.models import (
    MSG_HEADING_PUNCTUATION,
    MSG_SECTION_REQUIRED,
    PlanItem,
    PlanProgress,
    PlanStatus,
)

D = dt.date


class TestPipeline:
    def test_item_starts_not_started(self, make_item):
        assert make_item().status == PlanStatus.NOT_STARTED

    def test_start_then_complete_stamps_the_dates(self, make_item, plans_clerk):
        item = make_item()
        services.plan_item_start(item, on=D(2023, 2, 1), user=plans_clerk)
        services.plan_item_complete(item, on=D(2023, 11, 20), user=plans_clerk)
        item.refresh_from_db()
        assert item.status == PlanStatus.DONE
        assert (item.started_on, item.closed_on) == (D(2023, 2, 1), D(2023, 11, 20))
        assert [e.to_status for e in timeline(item)] == ["in_progress", "done"]

    @pytest.mark.parametrize("first", [None, PlanStatus.IN_PROGRESS])
    def test_cancel_from_an_open_status(self, make_item, first):
        item = make_item()
        if first:
            services.plan_item_move(item, first, on=D(2023, 2, 1))
        services.plan_item_cancel(item, on=D(2023, 3, 1))
        item.refresh_from_db()
        assert item.status == PlanStatus.CANCELLED and item.closed_on == D(2023, 3, 1)

    def test_complete_without_starting_is_refused(self, make_item):
        item = make_item()
        with pytest.raises(TransitionNotAllowed) as exc:
            services.plan_item_complete(item, on=D(2023, 3, 1))
        assert exc.value.messages == [
            MSG_NOT_ALLOWED.format(current="未开始", target="已完成", allowed="推进中、已取消")
        ]
        item.refresh_from_db()
        assert item.status == PlanStatus.NOT_STARTED and item.closed_on is None
        assert not timeline(item).exists()

    @pytest.mark.parametrize("final", [PlanStatus.DONE, PlanStatus.CANCELLED])
    def test_closed_item_cannot_move(self, make_item, final):
        item = make_item()
        services.plan_item_start(item, on=D(2023, 2, 1))
        services.plan_item_move(item, final, on=D(2023, 3, 1))
        with pytest.raises(TransitionNotAllowed) as exc:
            services.plan_item_start(item, on=D(2023, 4, 1))
        assert exc.value.messages == [MSG_FINAL.format(current=PlanStatus(final).label)]

    def test_clerk_without_the_plans_line_cannot_move(self, make_item, make_user):
        item = make_item()
        other = make_user("section", lines=[Line.MEDIATION])
        with pytest.raises(PermissionDenied):
            services.plan_item_start(item, on=D(2023, 2, 1), user=other)
        item.refresh_from_db()
        assert item.status == PlanStatus.NOT_STARTED


class TestValidation:
    def test_responsible_section_is_required(self, county):
        with pytest.raises(RuleViolation) as exc:
            services.plan_item_create(year=2023, text="x", region=county)
        assert exc.value.message_dict["section_text"] == [MSG_SECTION_REQUIRED]
        assert not PlanItem.all_objects.exists()

    def test_free_text_section_is_enough(self, county):
        item = services.plan_item_create(year=2023, text="x", region=county, section_text="政工室")
        assert item.responsible == "政工室"

    def test_line_gives_the_section_name(self, make_item):
        assert make_item(section_line=Line.LITIGATION).responsible == "行政应诉"

    def test_heading_without_final_punctuation(self, make_item):
        with pytest.raises(RuleViolation) as exc:
            make_item(heading="全面落实工作责任。")
        assert exc.value.message_dict["heading"] == [MSG_HEADING_PUNCTUATION]


class TestProgress:
    def test_progress_belongs_to_the_items_region(self, make_item, township_a, plans_clerk):
        item = make_item(region=township_a)
        note = services.plan_progress_add(
            item, date=D(2023, 3, 1), text="已召开推进会", user=plans_clerk
        )
        assert note.region_id == township_a.code
        assert list(item.progress.all()) == [note]
        assert note.created_by == plans_clerk

    def test_progress_needs_a_date(self, make_item):
        item = make_item()
        with pytest.raises(RuleViolation) as exc:
            services.plan_progress_add(item, date=None, text="x")
        assert "date" in exc.value.message_dict
        assert not PlanProgress.all_objects.exists()
