"""Record types of the bureau's work plan."""

from sifa.core.registry import Child, Due, Move, RecordType, register

from . import services
from .forms import MoveForm
from .models import OPEN_STATUSES, PlanItem, PlanProgress, PlanStatus


def _mover(target):
    def run(item, data, *, user):
        note = data.get("note", "")
        return services.plan_item_move(item, target, on=data["on"], user=user, note=note)

    return run


ITEM_MOVES = (
    Move("start", "开始推进", _mover(PlanStatus.IN_PROGRESS), MoveForm, PlanStatus.IN_PROGRESS),
    Move("complete", "标记为已完成", _mover(PlanStatus.DONE), MoveForm, PlanStatus.DONE),
    Move("cancel", "取消", _mover(PlanStatus.CANCELLED), MoveForm, PlanStatus.CANCELLED),
)

register(
    RecordType(
        PlanItem,
        save=services.plan_item_save,
        validate=services.plan_item_validate,
        moves=ITEM_MOVES,
        children=(Child(PlanProgress, "item", save=services.plan_progress_save),),
        # 完成时限 runs while the item is open; done or cancelled, it no longer does
        deadlines=(Due("完成时限", "deadline", "closed_on", statuses=OPEN_STATUSES),),
    ),
)
