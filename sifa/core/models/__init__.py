from .activities import Activity, ActivityType, Measure
from .casenumbers import CaseNumberSequence
from .passwords import PasswordChange
from .profile import CountyProfile, PeriodOverride
from .records import Record
from .regions import Region, RegionLevel
from .timeline import CaseEvent
from .units import Unit, UnitKind

__all__ = [
    "Activity",
    "ActivityType",
    "CaseEvent",
    "CaseNumberSequence",
    "CountyProfile",
    "Measure",
    "PasswordChange",
    "PeriodOverride",
    "Record",
    "Region",
    "RegionLevel",
    "Unit",
    "UnitKind",
]
