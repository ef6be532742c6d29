"""Choices of a reconsideration case: statuses, parties, categories, grounds and outcomes."""

from django.db import models


class Status(models.TextChoices):
    RECEIVED = "received", "收到申请（受理审查中）"
    CORRECTION = "correction", "补正中"
    ABANDONED = "abandoned", "视为放弃"
    REJECTED = "rejected", "不予受理"
    UNDER_REVIEW = "under_review", "审理中"
    SUSPENDED = "suspended", "中止"
    CLOSED = "closed", "已结案"


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANISATION = "organisation", "法人或其他组织"


class Category(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COMPLAINT = "complaint", "举报投诉处理"
    INFORMATION = "information", "政府信息公开"
    EXPROPRIATION = "expropriation", "征收"
    CONFIRMATION = "confirmation", "行政确认"
    COERCION = "coercion", "行政强制"
    INACTION = "inaction", "不作为"
    TITLE = "title", "确权"
    LICENSING = "licensing", "行政许可"
    OTHER = "other", "其他"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class SuspensionGround(models.TextChoices):
    """行政复议法第三十九条第一款各项."""

    DEATH = "39-1", "（一）申请人死亡，其近亲属尚未确定是否参加行政复议"
    INCAPACITY = "39-2", "（二）申请人丧失行为能力，尚未确定法定代理人"
    MISSING = "39-3", "（三）申请人下落不明"
    DISSOLVED = "39-4", "（四）申请人（法人或其他组织）终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = "39-5", "（五）因不可抗力或其他正当理由不能参加行政复议"
    SETTLEMENT = "39-6", "（六）进行调解、和解，双方同意中止"
    INTERPRETATION = "39-7", "（七）法律适用问题需要有权机关作出解释或确认"
    OTHER_CASE = "39-8", "（八）需以其他案件的审理结果为依据"
    REVIEW_OF_NORMS = "39-9", "（九）有第五十六条或第五十七条规定的情形"
    OTHER = "39-10", "（十）其他需要中止的情形"


# Suspensions that end the case after 60 days if their cause persists (art. 41(5)).
TERMINATING_GROUNDS = (
    SuspensionGround.DEATH,
    SuspensionGround.INCAPACITY,
    SuspensionGround.DISSOLVED,
)


class CloseKind(models.TextChoices):
    UPHELD = "upheld", "维持"
    REVOKED = "revoked", "撤销"
    PARTLY_REVOKED = "partly_revoked", "部分撤销"
    CHANGED = "changed", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    ORDERED = "ordered", "责令履行"
    VOID = "void", "确认无效"
    CLAIM_DISMISSED = "claim_dismissed", "驳回复议请求"
    APPLICATION_DISMISSED = "application_dismissed", "驳回申请（受理后发现不符合受理条件）"
    TERMINATED = "terminated", "终止"
    MEDIATED = "mediated", "调解"
    SETTLED = "settled", "和解"


REVOKED_KINDS = (CloseKind.REVOKED, CloseKind.PARTLY_REVOKED)
DISMISSED_KINDS = (CloseKind.CLAIM_DISMISSED, CloseKind.APPLICATION_DISMISSED)


class TerminationGround(models.TextChoices):
    """行政复议法第四十一条各项."""

    WITHDRAWN = "41-1", "（一）申请人撤回申请，准予撤回"
    NO_HEIR = "41-2", "（二）申请人死亡，没有近亲属或近亲属放弃权利"
    NO_SUCCESSOR = "41-3", "（三）申请人终止，没有承受人或承受人放弃权利"
    CRIMINAL = "41-4", "（四）行政拘留等措施变更为刑事拘留"
    SUSPENSION_EXPIRED = "41-5", "（五）依第三十九条第一款第一、二、四项中止满六十日，原因仍未消除"
