"""Record types of the team line: typed activities by group, and the line's records."""

from sifa.core.registry import RecordType, register
from sifa.workspace.forms import line_form

from . import services
from .forms import activity_form
from .models import (
    Donation,
    FirstSecretary,
    HouseholdVisit,
    Incident,
    RuralActivity,
    TeamBuildingActivity,
    VillageProject,
)

_ACTIVITY = dict(save=services.team_activity_save, validate=services.team_activity_validate)

register(
    RecordType(TeamBuildingActivity, **_ACTIVITY),
    RecordType(RuralActivity, **_ACTIVITY),
    RecordType(HouseholdVisit, **_ACTIVITY),
    RecordType(Donation, save=services.donation_save, validate=services.donation_validate),
    RecordType(
        VillageProject,
        save=services.village_project_save,
        validate=services.village_project_validate,
    ),
    RecordType(
        FirstSecretary,
        save=services.first_secretary_save,
        validate=services.first_secretary_validate,
    ),
    RecordType(Incident, save=services.incident_save, validate=services.incident_validate),
)

# an activity's quantities: one whole-number field per measure of its group's types
for _group in (TeamBuildingActivity, RuralActivity, HouseholdVisit):
    line_form(_group, lambda group=_group: activity_form(group), replaces=("quantities",))
