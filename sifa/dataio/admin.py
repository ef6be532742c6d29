from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from sifa.core import access
from sifa.core.errors import RuleViolation
from sifa.core.models import Record

from .exporter import export_workbook
from .models import ImportBatch
from .services import batch_rollback
from .views import xlsx_response


@admin.action(description="导出所选记录为 Excel")
def export_selected(modeladmin, request, queryset):
    model = queryset.model
    if not issubclass(model, Record) or access.role_of(request.user) == "viewer":
        raise PermissionDenied
    data = export_workbook(
        [(model, queryset)], request.user, remote_addr=request.META.get("REMOTE_ADDR")
    )
    return xlsx_response(data, f"{model._meta.verbose_name_plural}.xlsx")


admin.site.add_action(export_selected, "export_xlsx")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "filename", "summary", "rolled_back_at"]
    readonly_fields = [
        "created_at",
        "user",
        "filename",
        "digest",
        "counts",
        "finished_at",
        "rolled_back_at",
        "rolled_back_by",
    ]
    actions = ["rollback"]

    @admin.display(description="条数")
    def summary(self, obj):
        return obj.summary

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.role_of(request.user) == "admin":
            return qs
        return qs.filter(user=request.user)

    def has_module_permission(self, request):
        return bool(access.writable_lines(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("export_xlsx", None)
        return actions

    @admin.action(description="整体撤销所选导入批次")
    def rollback(self, request, queryset):
        for batch in queryset:
            try:
                batch_rollback(batch, user=request.user)
            except (RuleViolation, PermissionDenied) as exc:
                messages.error(
                    request, f"{batch}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}"
                )
            else:
                messages.success(request, f"已撤销 {batch}。")
