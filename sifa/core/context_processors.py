from django.conf import settings


def sifa(request):
    profile = None
    try:
        from .models import CountyProfile

        profile = CountyProfile.objects.select_related("region").first()
    except Exception:  # noqa: BLE001 - before migrations the page must still render
        profile = None
    return {"sifa_profile": profile, "sifa_debug": settings.DEBUG}
