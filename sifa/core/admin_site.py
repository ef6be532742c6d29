"""The themed, Chinese admin site that serves as the entry screens of every record type."""

from django.contrib import admin


class SifaAdminSite(admin.AdminSite):
    site_header = "司法 · 县司法局业务系统"
    site_title = "司法业务系统"
    index_title = "业务录入"
    enable_nav_sidebar = True

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff
