"""Records of the correction line (社区矫正, 社区矫正法 and 社区矫正法实施办法).

Assessment            pre-sentence investigation assessment (调查评估), with its statutory period
Subject               a person under community correction (社区矫正对象); sensitive personal data
 ├── TeamMember       the correction team (矫正小组), art. 25
 ├── Classification   严管 / 普管 / 宽管 history
 ├── SupervisionEvent 报到、走访、电话/信息化核查、教育学习、公益活动、心理辅导…
 ├── LeaveRequest     外出请假 (approver level by length, 实施办法 art. 27)
 ├── Monitoring       electronic monitoring periods (电子定位装置, art. 29)
 └── RewardPenalty    表扬、训诫、警告 and the requests (提请…) to the court or police

Spot checks, joint checks with the procuratorate and committee meetings are core Activity
records (types correction_spot_check, correction_joint_check, correction_committee_meeting).
"""

from .assessments import Assessment, Commissioner, Opinion
from .common import Gender
from .subjects import (
    CorrectionType,
    EndReason,
    Subject,
    SubjectStatus,
    registered_q,
)
from .supervision import (
    ApproverLevel,
    Classification,
    ClassLevel,
    LeaveDecision,
    LeaveRequest,
    MeasureKind,
    Monitoring,
    MonitoringGround,
    RewardPenalty,
    SupervisionEvent,
    SupervisionKind,
    TeamMember,
    TeamRole,
)

__all__ = [
    "ApproverLevel",
    "Assessment",
    "Classification",
    "ClassLevel",
    "Commissioner",
    "CorrectionType",
    "EndReason",
    "Gender",
    "LeaveDecision",
    "LeaveRequest",
    "MeasureKind",
    "Monitoring",
    "MonitoringGround",
    "Opinion",
    "RewardPenalty",
    "Subject",
    "SubjectStatus",
    "SupervisionEvent",
    "SupervisionKind",
    "TeamMember",
    "TeamRole",
    "registered_q",
]
