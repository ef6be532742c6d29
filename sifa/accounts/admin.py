from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm

from sifa.core import access
from sifa.core.lines import Line

from .models import User


class UserForm(UserChangeForm):
    lines = forms.MultipleChoiceField(
        label="负责业务条线",
        choices=Line.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]  # Meta is not in the stubs
        model = User
        fields = [
            "username",
            "display_name",
            "role",
            "region",
            "lines",
            "can_view_sealed",
            "is_active",
        ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserForm
    list_display = [
        "username",
        "display_name",
        "role",
        "region",
        "lines_label",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            "身份与权限",
            {"fields": ("display_name", "role", "region", "lines", "can_view_sealed", "is_active")},
        ),
        ("登录记录", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "display_name",
                    "role",
                    "region",
                    "lines",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description="负责业务条线")
    def lines_label(self, obj):
        return obj.lines_label

    def has_module_permission(self, request):
        return access.role_of(request.user) == "admin"

    def has_view_permission(self, request, obj=None):
        return access.role_of(request.user) == "admin"

    def has_add_permission(self, request):
        return access.role_of(request.user) == "admin"

    def has_change_permission(self, request, obj=None):
        return access.role_of(request.user) == "admin"

    def has_delete_permission(self, request, obj=None):
        return False
