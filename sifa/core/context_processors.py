from django.apps import apps
from django.conf import settings

# The top bar's groups, in this order; an app's entries name one of them (the menu contract).
MENU_GROUPS = ("业务办理", "统计报告", "系统")


def menu(request) -> list[dict]:
    """The top bar's menu: every installed app's `menu_items(request)` (a list of
    {"label", "url", "group", "order"}; [] for a user who may not use the page), grouped."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    groups: dict[str, list[dict]] = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "menu_items", None)
        if hook is None:
            continue
        for item in hook(request) or ():
            groups.setdefault(item.get("group") or "系统", []).append(item)
    order = {g: i for i, g in enumerate(MENU_GROUPS)}
    return [
        {
            "label": group,
            "items": sorted(items, key=lambda i: (i.get("order", 0), i["label"])),
            "slug": f"menu-{order.get(group, len(order))}",
        }
        for group, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]


def sifa(request):
    profile = None
    try:
        from .access import profile_of

        profile = profile_of(getattr(request, "user", None))  # the user's own county (issue 16)
    except Exception:  # noqa: BLE001 - before migrations the page must still render
        profile = None
    return {"sifa_profile": profile, "sifa_debug": settings.DEBUG, "sifa_menu": _Lazy(request)}


class _Lazy:
    """The menu, built when a template first reads it (admin pages and API calls never do)."""

    def __init__(self, request):
        self.request = request
        self._groups: list[dict] | None = None

    def __iter__(self):
        if self._groups is None:
            self._groups = menu(self.request)
        return iter(self._groups)
