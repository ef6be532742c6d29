import datetime as dt

import pytest

from sifa.core.errors import RuleViolation
from sifa.core.idnumber import MSG_CHECK
from sifa.core.services import validate
from sifa.correction.models import Gender
from sifa.correction.models.common import add_months, age_on

from .helpers import new_subject


@pytest.mark.django_db
class TestSubjectParticulars:
    def test_wrong_check_digit_is_refused_on_the_field(self, township_a):
        s = new_subject(township_a)
        last = s.id_number[-1]
        s.id_number = s.id_number[:-1] + ("0" if last != "0" else "1")
        with pytest.raises(RuleViolation) as exc:
            validate(s)
        assert exc.value.message_dict["id_number"] == [MSG_CHECK]

    def test_birth_date_must_agree_with_the_id_number(self, township_a):
        s = new_subject(township_a)
        s.birth_date = dt.date(1981, 5, 6)
        with pytest.raises(RuleViolation) as exc:
            validate(s)
        assert exc.value.message_dict["birth_date"] == ["出生日期与身份证号不一致。"]

    def test_gender_must_agree_with_the_id_number(self, township_a):
        s = new_subject(township_a, gender=Gender.MALE)
        s.gender = Gender.FEMALE
        with pytest.raises(RuleViolation) as exc:
            validate(s)
        assert exc.value.message_dict["gender"] == ["性别与身份证号不一致。"]

    def test_period_end_before_start_is_refused(self, township_a):
        s = new_subject(township_a)
        s.period_end = s.period_start - dt.timedelta(days=1)
        with pytest.raises(RuleViolation) as exc:
            validate(s)
        assert "矫正期止不能早于矫正期起。" in exc.value.messages

    def test_executing_place_must_be_a_township_or_village(self, county):
        with pytest.raises(RuleViolation) as exc:
            validate(new_subject(county))
        assert "region" in exc.value.message_dict


class TestMinorFlag:
    def test_under_18_when_the_judgment_took_effect_is_a_minor(self):
        s = new_subject(None, birth=dt.date(2004, 3, 2), judged=dt.date(2022, 3, 1))
        assert s.derive_minor() is True

    def test_18th_birthday_on_the_judgment_day_is_an_adult(self):
        s = new_subject(None, birth=dt.date(2004, 3, 1), judged=dt.date(2022, 3, 1))
        assert s.derive_minor() is False

    def test_offence_date_decides_when_known(self):
        s = new_subject(
            None,
            birth=dt.date(2003, 6, 1),
            judged=dt.date(2022, 3, 1),
            offence_on=dt.date(2021, 5, 31),
        )
        assert s.derive_minor() is True


def test_age_and_months_arithmetic():
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) == 17
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 3, 1)) == 18
    assert add_months(dt.date(2022, 11, 30), 3) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2022, 1, 15), 3) == dt.date(2022, 4, 15)
