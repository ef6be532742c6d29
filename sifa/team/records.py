"""Record types of the team line: typed activities by group, and the line's records."""

from sifa.core.registry import RecordType, register

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


def _activity(group) -> RecordType:
    # an activity's quantities: one whole-number field per measure of its group's types
    return RecordType(
        group,
        save=services.team_activity_save,
        validate=services.team_activity_validate,
        line_form=lambda: activity_form(group),
        line_form_replaces=("quantities",),
    )


register(
    _activity(TeamBuildingActivity),
    _activity(RuralActivity),
    _activity(HouseholdVisit),
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
