from django.contrib import admin
from django.utils.html import format_html

from sifa.core.admin import AdminOnly

from .models import ReturnDefinition


@admin.register(ReturnDefinition)
class ReturnDefinitionAdmin(AdminOnly):
    list_display = ["name", "title", "active", "updated_at"]
    list_filter = ["active"]
    readonly_fields = ["title", "catalogue_link"]
    fields = ["name", "title", "active", "declaration", "catalogue_link"]

    @admin.display(description="字段目录")
    def catalogue_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank">查看可用的记录类型和字段</a>', "/returns/catalogue/"
        )
