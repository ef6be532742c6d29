import pytest
from django.core.exceptions import ValidationError

from sifa.core import idnumber
from sifa.core.models import Region, RegionLevel, Unit, UnitKind
from sifa.core.models.regions import region_q


@pytest.mark.django_db
class TestRegionTree:
    def test_prefix_per_level(self, county, township_a, village_a):
        assert county.prefix == "610999"
        assert township_a.prefix == "610999100"
        assert village_a.prefix == village_a.code

    def test_subtree_is_a_prefix_filter(self, county, township_a):
        assert set(Region.objects.under(township_a).values_list("code", flat=True)) == {
            "610999100000",
            "610999100201",
            "610999100202",
        }
        assert Region.objects.filter(region_q(township_a, "parent")).count() == 2

    def test_code_must_extend_parent(self, township_a):
        bad = Region(code="610888100301", name="错村", level=RegionLevel.VILLAGE, parent=township_a)
        with pytest.raises(ValidationError, match="上级区域"):
            bad.full_clean()

    def test_code_must_match_level(self, county):
        bad = Region(code="610999100201", name="错镇", level=RegionLevel.TOWNSHIP, parent=county)
        with pytest.raises(ValidationError, match="层级"):
            bad.full_clean()

    def test_tree_grows_upward_without_touching_records(self, county, make_activity, village_a, d):
        act = make_activity("lecture", village_a, d(2022, 1, 5))
        # the city and province rows exist above the county; the record only holds its code
        assert county.parent.parent.level == RegionLevel.PROVINCE
        assert Region.objects.get(code="610000000000").contains(act.region_id)

    def test_short_names(self, township_a, township_b):
        assert township_a.short_name == "甲"
        assert township_b.short_name == "乙"

    def test_one_judicial_office_per_township(self, township_a):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Unit.objects.create(
                name="另一个司法所", kind=UnitKind.JUDICIAL_OFFICE, region=township_a
            )


class TestIdNumber:
    def test_valid_number(self):
        number = idnumber.make("11010519491231002")
        assert number == "11010519491231002X"
        idnumber.validate_id_number(number)
        assert idnumber.gender_of(number) == "F"

    def test_wrong_check_digit(self):
        with pytest.raises(ValidationError) as exc:
            idnumber.validate_id_number("110105194912310021")
        assert exc.value.messages == [idnumber.MSG_CHECK]

    def test_impossible_birth_date(self):
        with pytest.raises(ValidationError) as exc:
            idnumber.validate_id_number(idnumber.make("11010519490230002"))
        assert exc.value.messages == [idnumber.MSG_BIRTH]

    def test_mask(self):
        assert idnumber.mask("11010519491231002X") == "110105********002X"
