"""Writes of the rule-of-law line: validation messages, access, atomicity."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from sifa.core.errors import RuleViolation
from sifa.core.models import ActivityType, Unit, UnitKind
from sifa.rulelaw import models as m
from sifa.rulelaw import services

D = dt.date


def _errors(exc) -> dict:
    return exc.value.message_dict


class TestIssuedDocumentSave:
    def test_saves_a_planning_document(self, county, section_clerk):
        doc = services.issued_document_save(
            m.IssuedDocument(
                region=county, title="测试县“八五”普法规划", kind="plan", issued_on=D(2022, 3, 1)
            ),
            user=section_clerk,
        )
        assert doc.pk and doc.is_planning and str(doc) == "《测试县“八五”普法规划》"

    def test_refuses_title_in_book_brackets(self, county, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.issued_document_save(
                m.IssuedDocument(
                    region=county, title="《测试县普法规划》", kind="plan", issued_on=D(2022, 3, 1)
                ),
                user=section_clerk,
            )
        assert _errors(exc)["title"] == [m.MSG_TITLE_BRACKETS]
        assert not m.IssuedDocument.objects.exists()

    def test_refuses_duplicate_number(self, county, section_clerk):
        def doc(title):
            return m.IssuedDocument(
                region=county,
                title=title,
                number="测司发〔2022〕1号",
                kind="notice",
                issued_on=D(2022, 3, 1),
            )

        services.issued_document_save(doc("甲"), user=section_clerk)
        with pytest.raises(RuleViolation) as exc:
            services.issued_document_save(doc("乙"), user=section_clerk)
        assert "该文号已登记过，请核对。" in exc.value.messages

    def test_viewer_cannot_write(self, county, viewer):
        with pytest.raises(PermissionDenied):
            services.issued_document_save(
                m.IssuedDocument(region=county, title="甲", kind="plan", issued_on=D(2022, 1, 1)),
                user=viewer,
            )

    def test_section_clerk_of_another_line_cannot_write(self, county, make_user):
        clerk = make_user("section", lines=["mediation"])
        with pytest.raises(PermissionDenied):
            services.issued_document_save(
                m.IssuedDocument(region=county, title="甲", kind="plan", issued_on=D(2022, 1, 1)),
                user=clerk,
            )


class TestLegalLiterate:
    def test_registers_in_a_village(self, village_a, township_clerk):
        person = services.legal_literate_save(
            m.LegalLiterate(region=village_a, name="张三", since=D(2022, 1, 1)), user=township_clerk
        )
        assert person.status == m.LiteracyStatus.ACTIVE

    def test_refuses_a_township_as_place(self, township_a, township_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legal_literate_save(
                m.LegalLiterate(region=township_a, name="张三", since=D(2022, 1, 1)),
                user=township_clerk,
            )
        assert _errors(exc)["region"] == [m.MSG_NOT_VILLAGE]

    def test_left_needs_a_date(self, village_a, township_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legal_literate_save(
                m.LegalLiterate(region=village_a, name="张三", since=D(2022, 1, 1), status="left"),
                user=township_clerk,
            )
        assert _errors(exc)["left_on"] == [m.MSG_LEFT_NEEDS_DATE]

    def test_active_cannot_have_left_date(self, village_a, township_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.legal_literate_save(
                m.LegalLiterate(
                    region=village_a, name="张三", since=D(2022, 1, 1), left_on=D(2022, 5, 1)
                ),
                user=township_clerk,
            )
        assert _errors(exc)["left_on"] == [m.MSG_ACTIVE_NO_LEFT_DATE]

    def test_leave_before_since_is_refused(self, village_a, township_clerk):
        person = services.legal_literate_save(
            m.LegalLiterate(region=village_a, name="张三", since=D(2022, 3, 1)), user=township_clerk
        )
        with pytest.raises(RuleViolation) as exc:
            services.legal_literate_leave(person, on=D(2022, 2, 1), user=township_clerk)
        assert _errors(exc)["left_on"] == [services.MSG_LEAVE_BEFORE_SINCE]
        person.refresh_from_db()
        assert person.status == m.LiteracyStatus.ACTIVE and person.left_on is None

    def test_leave_twice_is_refused(self, village_a, township_clerk):
        person = services.legal_literate_save(
            m.LegalLiterate(region=village_a, name="张三", since=D(2022, 3, 1)), user=township_clerk
        )
        services.legal_literate_leave(person, on=D(2022, 6, 1), user=township_clerk)
        with pytest.raises(RuleViolation) as exc:
            services.legal_literate_leave(person, on=D(2022, 7, 1), user=township_clerk)
        assert _errors(exc)["status"] == [services.MSG_ALREADY_LEFT.format(on=D(2022, 6, 1))]

    def test_township_clerk_cannot_register_in_another_township(self, village_b, township_clerk):
        with pytest.raises(PermissionDenied):
            services.legal_literate_save(
                m.LegalLiterate(region=village_b, name="李四", since=D(2022, 1, 1)),
                user=township_clerk,
            )
        assert not m.LegalLiterate.objects.exists()


class TestLawExam:
    def _exam(self, county, **kw):
        values = {
            "session": "春季考试",
            "held_on": D(2022, 5, 20),
            "invited": 100,
            "sat": 90,
            "passed": 80,
        } | kw
        return m.LawExamSession(region=county, **values)

    def test_rates(self, county, section_clerk):
        exam = services.law_exam_save(self._exam(county), user=section_clerk)
        assert exam.participation_rate == 90.0
        assert exam.pass_rate == pytest.approx(88.9)

    def test_rates_without_people_are_none(self, county):
        exam = self._exam(county, invited=0, sat=0, passed=0)
        assert exam.participation_rate is None and exam.pass_rate is None

    def test_sat_cannot_exceed_invited(self, county, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.law_exam_save(self._exam(county, sat=101, passed=50), user=section_clerk)
        assert _errors(exc)["sat"] == [m.MSG_SAT_OVER_INVITED]
        assert not m.LawExamSession.objects.exists()

    def test_passed_cannot_exceed_sat(self, county, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.law_exam_save(self._exam(county, passed=91), user=section_clerk)
        assert _errors(exc)["passed"] == [m.MSG_PASSED_OVER_SAT]

    def test_database_refuses_passed_over_sat_too(self, county):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            self._exam(county, passed=95).save()


class TestPublicityDuty:
    def test_one_list_per_agency_and_year_then_revised(self, county, section_clerk):
        agency = Unit.objects.get(kind=UnitKind.AGENCY)
        duty = services.publicity_duty_save(
            m.PublicityDuty(region=county, agency=agency, year=2022, duties="普法甲"),
            user=section_clerk,
        )
        with pytest.raises(RuleViolation) as exc:
            services.publicity_duty_save(
                m.PublicityDuty(region=county, agency=agency, year=2022, duties="普法乙"),
                user=section_clerk,
            )
        assert "该单位本年度的普法责任清单已存在，请修订原清单。" in exc.value.messages
        duty.duties = "普法甲（修订）"
        duty.revised_on = D(2022, 5, 16)
        services.publicity_duty_save(duty, user=section_clerk)
        duty.refresh_from_db()
        assert duty.duties == "普法甲（修订）"
        from sifa.core.audit import history

        assert history(duty).count() == 2  # created, then revised: both kept

    def test_agency_must_be_an_administrative_agency(self, county, section_clerk):
        office = Unit.objects.filter(kind=UnitKind.JUDICIAL_OFFICE).first()
        with pytest.raises(RuleViolation) as exc:
            services.publicity_duty_save(
                m.PublicityDuty(region=county, agency=office, year=2022, duties="x"),
                user=section_clerk,
            )
        assert _errors(exc)["agency"] == [m.MSG_DUTY_AGENCY]

    def test_revision_date_must_fit_the_year(self, county, section_clerk):
        agency = Unit.objects.get(kind=UnitKind.AGENCY)
        with pytest.raises(RuleViolation) as exc:
            services.publicity_duty_save(
                m.PublicityDuty(
                    region=county, agency=agency, year=2022, duties="x", revised_on=D(2019, 1, 1)
                ),
                user=section_clerk,
            )
        assert _errors(exc)["revised_on"] == [m.MSG_REVISED_YEAR]


class TestCarryForward:
    def test_copies_last_years_list_once(self, county, section_clerk):
        agencies = list(Unit.objects.filter(kind=UnitKind.AGENCY))
        for agency in agencies:
            m.PublicityDuty.objects.create(region=county, agency=agency, year=2021, duties="旧")
        created = services.publicity_duties_carry_forward(
            from_year=2021, to_year=2022, user=section_clerk
        )
        assert len(created) == len(agencies)
        assert set(m.PublicityDuty.objects.filter(year=2022).values_list("duties", flat=True)) == {
            "旧"
        }
        again = services.publicity_duties_carry_forward(
            from_year=2021, to_year=2022, user=section_clerk
        )
        assert again == []  # agencies with a list for the year keep theirs

    def test_target_year_must_be_later(self, county, section_clerk):
        with pytest.raises(RuleViolation) as exc:
            services.publicity_duties_carry_forward(
                from_year=2022, to_year=2022, user=section_clerk
            )
        assert _errors(exc)["year"] == [services.MSG_CARRY_FORWARD_YEAR]


class TestRulelawActivity:
    def test_themed_campaign_needs_a_theme(self, township_a, township_clerk):
        kind = ActivityType.objects.get(code="themed_campaign")
        with pytest.raises(RuleViolation) as exc:
            services.rulelaw_activity_save(
                m.RulelawActivity(type=kind, region=township_a, date=D(2022, 4, 15), title="宣传"),
                user=township_clerk,
            )
        assert _errors(exc)["theme"] == ["“主题宣传活动”须填写活动主题。"]

    def test_refuses_another_lines_type(self, township_a, township_clerk):
        kind = ActivityType.objects.get(code="dispute_screening")
        with pytest.raises(RuleViolation) as exc:
            services.rulelaw_activity_save(
                m.RulelawActivity(type=kind, region=township_a, date=D(2022, 4, 15), title="排查"),
                user=township_clerk,
            )
        assert _errors(exc)["type"] == [services.MSG_NOT_RULELAW_TYPE]

    def test_negative_quantity_refused(self, township_a, township_clerk):
        kind = ActivityType.objects.get(code="lecture")
        with pytest.raises(RuleViolation) as exc:
            services.rulelaw_activity_save(
                m.RulelawActivity(
                    type=kind,
                    region=township_a,
                    date=D(2022, 4, 15),
                    title="宣讲",
                    quantities={"attendees": -1},
                ),
                user=township_clerk,
            )
        assert _errors(exc)["quantities"] == ["“参加人数”应为不小于0的整数。"]

    def test_proxy_lists_only_rulelaw_types(self, township_a, make_activity):
        make_activity("lecture", township_a, D(2022, 3, 1))
        make_activity("dispute_screening", township_a, D(2022, 3, 1))
        assert [a.type.code for a in m.RulelawActivity.objects.all()] == ["lecture"]
