from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Login form whose errors never tell whether the account exists."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错5次，账号将被锁定30分钟。",
        "inactive": "用户名或密码不正确。连续输错5次，账号将被锁定30分钟。",
    }

    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
