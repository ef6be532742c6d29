def test_county_fixture_builds_tree(county, township_a, village_a):
    assert township_a.contains(village_a)
    assert not village_a.contains(township_a)
