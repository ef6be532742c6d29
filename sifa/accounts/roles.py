"""三员分立: what each of the three separated administrators may do, in one place.

系统管理员 (admin)     accounts (create, name, password, active), county settings, catalogue;
                       no business data, no audit log, no login records, no rights or grants.
安全管理员 (security)  roles and business rights of accounts (role, region, lines, sealed-file
                       grant), releasing login locks, resetting a lost two-factor device;
                       no business data, no audit log.
安全审计员 (auditor)   reads the audit log and the login records; changes nothing.

No account holds two of these roles (a single `role` field, no Django superuser: see
`User.clean` and the constraints on `User`), and none of them holds business rights
(`sifa.core.access` gives them no lines and no records).
"""

from __future__ import annotations

from sifa.core.access import role_of

SYSTEM = "admin"
SECURITY = "security"
AUDITOR = "auditor"


def is_system_admin(user) -> bool:
    return role_of(user) == SYSTEM


def is_security_admin(user) -> bool:
    return role_of(user) == SECURITY


def is_auditor(user) -> bool:
    return role_of(user) == AUDITOR


# Business pages outside the admin site: none of the administrators opens them (they carry
# records, figures drawn from records, or imports and exports of records).
BUSINESS_PATH_PREFIXES = ("/dashboard/", "/reports/", "/data/", "/correction/", "/api/")
MSG_BUSINESS_DENIED = "三员分立：管理员账号不能查阅或录入业务数据。"
