"""Changing one's own password (every role; the expiry sends a session here)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .passwords import HELP, clear_session_mark

MSG_CHANGED = "密码已修改。"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")
    extra_context = {"policy": HELP}

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_session_mark(self.request)
        messages.success(self.request, MSG_CHANGED)
        return response
