"""The Django admin: 系统管理 for the administrators (accounts, catalogue, settings).

Business staff work in the workspace (`sifa.workspace`, /records/); a signed-in user the admin
does not serve is sent to a page of their own instead of the admin's login page (which sent an
already signed-in 上级查看 reader back to /admin/, round and round).
"""

from functools import update_wrapper

from django.contrib import admin
from django.shortcuts import redirect


class SifaAdminSite(admin.AdminSite):
    site_header = "司法 · 县司法局业务系统"
    site_title = "司法业务系统"
    index_title = "系统管理"
    enable_nav_sidebar = True

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and not self.has_permission(request):
                return redirect("home")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)
