"""Record types of the bureau's work plan."""

from sifa.core.registry import Child, RecordType, register

from . import services
from .models import PlanItem, PlanProgress

register(
    RecordType(
        PlanItem,
        save=services.plan_item_save,
        validate=services.plan_item_validate,
        children=(Child(PlanProgress, "item", save=services.plan_progress_save),),
    ),
)
