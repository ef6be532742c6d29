"""API tokens in the admin: who has one, until when, last used when and from where; revoke."""

from django.contrib import admin, messages
from django.utils import timezone
from rest_framework.authtoken.admin import TokenAdmin as DrfTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from sifa.core import access

from . import tokens
from .models import ApiToken

MSG_ISSUED = "已为 {user} 生成令牌：{key}（有效期至 {until}）。令牌只显示这一次，请妥善转交。"

admin.site.unregister(TokenProxy)  # replaced by ApiToken, which never shows the key


@admin.register(ApiToken)
class ApiTokenAdmin(DrfTokenAdmin):
    list_display = ("user", "key_hint", "created", "expires", "state", "last_used", "last_from")
    list_select_related = ("user", "use")
    fields = ("user",)
    autocomplete_fields = ("user",)
    actions = ["revoke_selected"]

    @admin.action(description="撤销所选令牌")
    def revoke_selected(self, request, queryset):
        users = [t.user for t in queryset.select_related("user")]
        for user in users:
            tokens.revoke(user)
        self.message_user(request, f"已撤销 {len(users)} 个令牌。", messages.SUCCESS)

    def response_action(self, request, queryset):
        # The list's checkboxes carry the account id (TokenProxy maps pk to it) while the
        # action filters on the key: translate before Django looks them up.
        post = request.POST.copy()
        users = post.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        keys = ApiToken.objects.filter(user_id__in=[u for u in users if u.isdigit()])
        post.setlist(admin.helpers.ACTION_CHECKBOX_NAME, [t.key for t in keys])
        request.POST = post
        return super().response_action(request, queryset)

    def get_actions(self, request):
        # Only ours: the site-wide ones (delete, Excel export) do not fit tokens.
        actions = super().get_actions(request)
        return {k: v for k, v in actions.items() if k == "revoke_selected"}

    @admin.display(description="令牌")
    def key_hint(self, obj):
        return tokens.key_hint(obj.key)

    @admin.display(description="有效期至")
    def expires(self, obj):
        return timezone.localtime(tokens.expires_at(obj))

    @admin.display(description="状态")
    def state(self, obj):
        return "已过期" if tokens.is_expired(obj) else "有效"

    @admin.display(description="最近使用时间")
    def last_used(self, obj):
        use = getattr(obj, "use", None)
        return timezone.localtime(use.last_used_at) if use else "从未使用"

    @admin.display(description="最近使用地址")
    def last_from(self, obj):
        use = getattr(obj, "use", None)
        return (use.last_used_from or "") if use else ""

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # administrators sign in with two-factor, never a token
            from sifa.accounts.models import User
            from sifa.core.access import ADMIN_ROLES

            kwargs["queryset"] = User.objects.exclude(role__in=ADMIN_ROLES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return
        token = tokens.issue(obj.user)
        obj.key, obj.created = token.key, token.created
        messages.warning(
            request,
            MSG_ISSUED.format(
                user=obj.user,
                key=token.key,
                until=f"{timezone.localtime(tokens.expires_at(token)):%Y-%m-%d %H:%M}",
            ),
        )

    def message_user(self, request, message, *args, **kwargs):
        # The stock "added" message links to the object and repeats its key: say ours only.
        if request.resolver_match and request.resolver_match.url_name.endswith("_add"):
            return None
        return super().message_user(request, message, *args, **kwargs)

    def has_module_permission(self, request):
        return access.role_of(request.user) == "admin"

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)
