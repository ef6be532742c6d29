"""Records of the mediation line (人民调解, 人民调解法).

- committees: MediationCommittee (人民调解委员会) with its members and term; MediationRoom
  (调解室), a room with a brand name being a 品牌调解室;
- prevention: DisputeScreening (矛盾纠纷排查, the core Activity of type `dispute_screening`)
  and PreventedDispute (预防纠纷);
- cases: MediationCase with its parties and its pipeline 受理 → 调解中 → 调解成功 / 调解终止.
"""

from .cases import *  # noqa: F403
from .cases import __all__ as _cases
from .committees import *  # noqa: F403
from .committees import __all__ as _committees
from .prevention import *  # noqa: F403
from .prevention import __all__ as _prevention

__all__ = [*_cases, *_committees, *_prevention]
