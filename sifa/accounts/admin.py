from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied

from sifa.core.lines import Line

from . import roles
from .models import User

# The fields each administrator may change (三员分立, see roles.py): the system administrator
# keeps the account itself, the security administrator its rights.
ACCOUNT_FIELDS = ("username", "display_name", "is_active")
RIGHTS_FIELDS = ("role", "region", "lines", "can_view_sealed")
MSG_OWN_RIGHTS = "三员分立：不能修改本人账号的角色和权限。"
MSG_PASSWORD_SYSTEM_ONLY = "三员分立：账号密码由系统管理员重置。"


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
                ),
            },
        ),
    )  # the system administrator creates the account; the security administrator grants rights
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.display(description="负责业务条线")
    def lines_label(self, obj):
        return obj.lines_label

    # --- 三员分立 ----------------------------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if roles.is_system_admin(request.user):
            return self.fieldsets
        # the password (and its reset link) belongs to the system administrator's account work
        return tuple(
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "password")})
            for name, opts in self.fieldsets
        )

    def get_readonly_fields(self, request, obj=None):
        fixed = list(self.readonly_fields)
        if obj is None:
            return fixed
        if roles.is_system_admin(request.user):
            return fixed + list(RIGHTS_FIELDS)
        if roles.is_security_admin(request.user) and obj.pk != request.user.pk:
            return fixed + list(ACCOUNT_FIELDS)
        return fixed + list(ACCOUNT_FIELDS) + list(RIGHTS_FIELDS)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            roles.is_system_admin(request.user)
            or roles.is_security_admin(request.user)
            or roles.is_auditor(request.user)
        )

    def has_add_permission(self, request):
        return roles.is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        if roles.is_system_admin(request.user):
            return True
        if roles.is_security_admin(request.user):
            return obj is None or obj.pk != request.user.pk
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_reset_two_factor_permission(self, request):
        return roles.is_security_admin(request.user)

    def user_change_password(self, request, id, form_url=""):
        if not roles.is_system_admin(request.user):
            raise PermissionDenied(MSG_PASSWORD_SYSTEM_ONLY)
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if change and obj.pk == request.user.pk and form.changed_data:
            if set(form.changed_data) & set(RIGHTS_FIELDS):
                raise PermissionDenied(MSG_OWN_RIGHTS)
        super().save_model(request, obj, form, change)

    @admin.action(description="重置两步验证（用户需重新绑定）", permissions=["reset_two_factor"])
    def reset_two_factor(self, request, queryset):
        from .twofactor import reset_devices

        n = 0
        for user in queryset.exclude(pk=request.user.pk):
            n += reset_devices(user, by=request.user, remote_addr=request.META.get("REMOTE_ADDR"))
        self.message_user(request, f"已重置 {n} 个账号的两步验证。")


from . import admin_security  # noqa: E402,F401  (login records and lock release)
