"""Between the password and the rest of the site: the two-factor step, and the business-data
boundary of the three administrators (三员分立)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from sifa.core.access import is_administrator

from . import roles, twofactor


class TwoFactorMiddleware:
    """Runs after django-otp's OTPMiddleware (which sets `request.user.is_verified()`).

    - A signed-in user with a confirmed device who has not given a code this session reaches
      only the code page (and logout).
    - An administrator without a device reaches only the enrolment page (and logout).
    - An administrator never opens a business page (dashboard, reports, import/export,
      correction files, API): 403, whatever the page itself would check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._step(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(("/static/", "/favicon.ico")) or path == reverse("logout")

    def _step(self, request, user):
        path = request.path_info
        if self._open(path):
            return None
        if not user.is_verified():
            if twofactor.has_two_factor(user):
                target = reverse("twofactor_verify")
            elif twofactor.requires_two_factor(user):
                target = reverse("twofactor_enrol")
                if path == reverse("twofactor_codes"):
                    return None
            else:
                target = None
            if target is not None and path != target:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{target}?{query}")
        if is_administrator(user) and path.startswith(roles.BUSINESS_PATH_PREFIXES):
            raise PermissionDenied(roles.MSG_BUSINESS_DENIED)
        return None
