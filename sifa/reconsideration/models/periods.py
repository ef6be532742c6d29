"""Statutory periods of administrative reconsideration (行政复议法 2023), registered with
sifa.core.deadlines so that a county can override each of them. The law counts its 三日、五日、
七日、十日 in working days (art. 88)."""

from sifa.core import deadlines

LAW = "行政复议法"

ACCEPTANCE_REVIEW = deadlines.register(
    "reconsideration.acceptance_review",
    "行政复议受理审查期限",
    5,
    working_days=True,
    law=f"{LAW}第三十条",
)
CORRECTION_NOTICE = deadlines.register(
    "reconsideration.correction_notice",
    "行政复议补正通知期限",
    5,
    working_days=True,
    law=f"{LAW}第三十一条",
)
CORRECTION_REPLY = deadlines.register(
    "reconsideration.correction_reply",
    "申请人补正期限",
    10,
    working_days=True,
    law=f"{LAW}第三十一条",
)
APPLICATION_PERIOD = deadlines.register(
    "reconsideration.application",
    "行政复议申请期限",
    60,
    law=f"{LAW}第二十条",
)
DECISION = deadlines.register(
    "reconsideration.decision",
    "行政复议决定期限（普通程序）",
    60,
    law=f"{LAW}第六十二条",
)
DECISION_SIMPLE = deadlines.register(
    "reconsideration.decision_simple",
    "行政复议决定期限（简易程序）",
    30,
    law=f"{LAW}第六十二条",
)
EXTENSION_LIMIT = deadlines.register(
    "reconsideration.extension",
    "行政复议决定延长期限（最多）",
    30,
    law=f"{LAW}第六十二条",
)
SUSPENSION_LIMIT = deadlines.register(
    "reconsideration.suspension_limit",
    "中止满期终止期限",
    60,
    law=f"{LAW}第四十一条",
)
