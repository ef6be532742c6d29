import pytest

from sifa.core.lines import Line


@pytest.fixture
def team_clerk(make_user):
    """A 政工室 clerk: the team and plans lines, county-wide."""
    return make_user("section", lines=[Line.TEAM, Line.PLANS])


@pytest.fixture
def mediation_clerk(make_user):
    return make_user("section", lines=[Line.MEDIATION])
