"""The bureau's business lines. A section clerk is granted one or more of them."""

from django.db import models


class Line(models.TextChoices):
    RULELAW = "rulelaw", "法治建设与普法"
    NORMDOCS = "normdocs", "规范性文件"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政应诉"
    ENFORCEMENT = "enforcement", "行政执法监督"
    MEDIATION = "mediation", "人民调解"
    CORRECTION = "correction", "社区矫正"
    OFFICES = "offices", "司法所建设"
    LEGALSERVICE = "legalservice", "公共法律服务"
    LEGALAID = "legalaid", "法律援助"
    NOTARY = "notary", "公证"
    TEAM = "team", "队伍建设与乡村振兴"
    PLANS = "plans", "工作计划"


# Lines a township judicial office (司法所) records in its own township.
OFFICE_LINES = frozenset(
    {Line.RULELAW, Line.MEDIATION, Line.CORRECTION, Line.LEGALSERVICE, Line.TEAM}
)

# Lines a township office may read in its own township: what it records, plus its own office
# (staff, building projects) and the township's normative documents. Lines that hold other
# people's personal data handled by county sections (legal aid applicants, notary clients,
# enforcement officers, reconsideration parties) stay with those sections: need to know.
OFFICE_VISIBLE_LINES = OFFICE_LINES | {Line.OFFICES, Line.NORMDOCS, Line.PLANS}
