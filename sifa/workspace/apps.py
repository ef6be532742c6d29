from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "sifa.workspace"
    verbose_name = "业务办理"

    def menu_items(self, request):
        """The top bar's entries: one per line whose records the user may see, opening the
        workspace's index at that line (the menu contract: label, url, group, order)."""
        from django.urls import reverse

        from . import spec, views

        seen: dict[str, int] = {}
        for rt in spec.workspace_types():
            if views.can_view(request.user, rt):
                label = spec.line_label(rt)
                seen.setdefault(label, len(seen))
        if not seen:
            return []
        index = reverse("workspace:index")
        items = [{"label": "全部业务", "url": index, "group": "业务办理", "order": 0}]
        for label, i in seen.items():
            items.append(
                {
                    "label": label,
                    "url": f"{index}#{spec.anchor(label)}",
                    "group": "业务办理",
                    "order": 10 + i,
                }
            )
        return items
