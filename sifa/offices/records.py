"""Record types of the township judicial offices themselves."""

from sifa.core.registry import RecordType, register

from . import services
from .models import BuildingProject, OfficeStaff

register(
    RecordType(OfficeStaff, save=services.staff_save, validate=services.staff_validate),
    RecordType(BuildingProject, save=services.project_save, validate=services.project_validate),
)
