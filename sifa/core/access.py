"""Who may see and change what: one place for role rules and region scoping.

`scope(user, queryset)` limits any queryset of business records to what the user may see;
`get_visible_or_404` fetches one record and answers 404 alike for missing and hidden ones.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .lines import OFFICE_LINES, OFFICE_VISIBLE_LINES
from .models.regions import Region, RegionLevel

MSG_NO_WRITE = "您的账号无权录入或修改此类记录。"
# 三员分立: the system, security and audit administrators; none of them sees business data.
ADMIN_ROLES = frozenset({"admin", "security", "auditor"})
MSG_OUT_OF_SCOPE = "您只能录入或修改本辖区（{region}）的记录。"

_QS = TypeVar("_QS", bound=models.QuerySet)


def role_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return getattr(user, "role", "viewer")


def is_administrator(user) -> bool:
    """One of the three separated administrators (系统管理员, 安全管理员, 安全审计员)."""
    return role_of(user) in ADMIN_ROLES


def lines_of(user) -> frozenset[str]:
    """Business lines whose records the user may see (every line for the leader, none for the
    administrators, none for a city or provincial bureau's accounts, which get figures only)."""
    from .lines import Line

    role = role_of(user)
    if is_supervisor(user):
        return frozenset()
    if role == "leader":
        return frozenset(Line.values)
    if role == "office":
        # Need to know: a township office sees the lines it records (and its own office),
        # not the legal aid applicants or notarisations county sections handle.
        return frozenset(OFFICE_VISIBLE_LINES)
    if role == "section":
        return frozenset(user.lines or ())
    return frozenset()


def writable_lines(user) -> frozenset[str]:
    role = role_of(user)
    if is_supervisor(user):
        return frozenset()
    if role == "section":
        return frozenset(user.lines or ())
    if role == "office":
        return frozenset(OFFICE_LINES)
    return frozenset()


# A region no record lies in (its prefix matches no 12-digit code): the scope of a business
# account whose region is not set in an installation of several counties. Fail closed.
NOWHERE = Region(code="-" * 12, name="未指定区域", level=RegionLevel.VILLAGE)


def _only_county():
    """The installation's county when there is exactly one (a one-county laptop install)."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")[:2])
    return counties[0] if len(counties) == 1 else None


def user_region(user):
    """The region a user is confined to: every business role to its own region (a township
    office to its township, county staff to their county, a city or provincial bureau's staff
    and viewers to their city or province). An account without a region is confined to the
    installation's only county, or to nothing when there are several.

    The three administrators see no business records; for them this is their region too (or
    None), which only places their figures-free pages.
    """
    role = role_of(user)
    if role == "anonymous":
        return NOWHERE
    cached = getattr(user, "_sifa_scope_region", None)
    if cached is not None:
        return cached
    region = user.region if getattr(user, "region_id", None) else None
    if region is None:
        if role in ADMIN_ROLES:
            return None
        region = _only_county() or NOWHERE
    try:
        user._sifa_scope_region = region
    except AttributeError:  # noqa: PERF203 - a read-only user object keeps no cache
        pass
    return region


def is_supervisor(user) -> bool:
    """An account of a city or provincial bureau (region above the county): it reads its
    counties' figures, rolled up, and no records or personal data."""
    role = role_of(user)
    if role == "anonymous" or role in ADMIN_ROLES:
        return False
    region = user_region(user)
    return region is not None and region is not NOWHERE and region.level < RegionLevel.COUNTY


def county_of(region):
    """The county a region lies in (itself for a county), or None above the county level."""
    if region is None or region is NOWHERE or region.level < RegionLevel.COUNTY:
        return None
    if region.level == RegionLevel.COUNTY:
        return region
    return Region.objects.filter(code=region.code[:6] + "000000").first()


def region_range(prefix: str, field: str = "region__code") -> models.Q:
    """Records whose 12-digit region code starts with `prefix`, as a range of codes
    (`region_id BETWEEN '610632000000' AND '610632999999'`): the same rows as
    `LIKE '610632%'`, but any b-tree index on the column serves it whatever the database's
    collation (a LIKE prefix needs the C collation or a varchar_pattern_ops index)."""
    width = 12
    return models.Q(
        **{f"{field}__gte": prefix.ljust(width, "0"), f"{field}__lte": prefix.ljust(width, "9")}
    )


def scope(user, queryset: _QS, *, region_field: str = "region") -> _QS:
    """Limit `queryset` (of a Record model) to what `user` may see."""
    model = queryset.model
    role = role_of(user)
    if role in ("anonymous", "viewer") or role in ADMIN_ROLES:
        return queryset.none()
    lines = lines_of(user)
    line_q = model.line_q(lines) if hasattr(model, "line_q") else models.Q()
    if line_q is None:
        return queryset.none()
    queryset = queryset.filter(line_q)
    region = user_region(user)
    if region is None:  # an administrator: no lines reach here (kept for safety)
        return queryset.none()
    return queryset.filter(region_range(region.prefix, f"{region_field}__code"))


def get_visible_or_404(user, queryset: models.QuerySet, **lookup):
    """One record the user may see; 404 alike for a missing and a hidden record."""
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在。")


def can_write(user, model) -> bool:
    line = getattr(model, "line", "")
    if isinstance(line, property) or not isinstance(line, str):
        return bool(writable_lines(user))
    return line in writable_lines(user)


def ensure_can_write(user, obj) -> None:
    """Raise PermissionDenied unless `user` may write `obj` (its line and its region).

    `user=None` is the system itself (demo generator, migrations) and may write anything.
    """
    if user is None:
        return
    line = obj.line
    # An empty line is a record whose line is not known yet (an activity without its type):
    # its validation refuses it; the region is still checked.
    if line and line not in writable_lines(user):
        raise PermissionDenied(MSG_NO_WRITE)
    region = user_region(user)
    if region is not None and obj.region_id and not str(obj.region_id).startswith(region.prefix):
        raise PermissionDenied(MSG_OUT_OF_SCOPE.format(region=region.name))


def can_see_personal_data(user) -> bool:
    """Viewers (上级) get figures only; every other role with line access sees names and IDs."""
    return role_of(user) in ("leader", "section", "office") and not is_supervisor(user)


class SupervisorBureau:
    """What the header shows a city or provincial bureau's account: its own bureau's name."""

    def __init__(self, region):
        self.region = region
        suffix = "司法厅" if region.level == RegionLevel.PROVINCE else "司法局"
        self.bureau = f"{region.name}{suffix}"

    def __str__(self) -> str:
        return self.bureau


def profile_of(user):
    """The county profile the site header shows `user`: their own county's; a city or provincial
    account gets its bureau's name; an anonymous visitor (the login page) the first county's."""
    from .models import CountyProfile

    qs = CountyProfile.objects.select_related("region")
    region = user_region(user) if role_of(user) != "anonymous" else None
    if region is not None and region is not NOWHERE:
        if region.level < RegionLevel.COUNTY:
            return SupervisorBureau(region)
        found = qs.filter(region_id=region.code[:6] + "000000").first()
        if found is not None:
            return found
    return qs.order_by("region_id").first()
