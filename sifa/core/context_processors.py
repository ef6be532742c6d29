from django.conf import settings


def sifa(request):
    profile = None
    try:
        from .access import profile_of

        profile = profile_of(getattr(request, "user", None))
    except Exception:  # noqa: BLE001 - before migrations the page must still render
        profile = None
    return {"sifa_profile": profile, "sifa_debug": settings.DEBUG}
