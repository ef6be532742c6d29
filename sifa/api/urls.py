from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from .derived import viewsets_for_records
from .reference import reference_viewsets
from .views import FiguresView

router = DefaultRouter()
for prefix, viewset in [*viewsets_for_records(), *reference_viewsets()]:
    router.register(prefix, viewset, basename=prefix.replace("/", "-"))

urlpatterns = [
    # The schema describes fields, never data: it is public so API clients can discover it.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file (?script): no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
    path("figures/", FiguresView.as_view(), name="api-figures"),
    *router.urls,
]
