from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from sifa.accounts.password_views import PasswordChangeView
from sifa.accounts.views import LoginView
from sifa.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("sifa/favicon.png"), permanent=True)),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("account/", include("sifa.accounts.urls")),  # two-factor login and enrolment
    path("admin/login/", LoginView.as_view()),
    path("admin/", admin.site.urls),
    path("reports/", include("sifa.reports.urls")),
    path("data/", include("sifa.dataio.urls")),
    path("correction/", include("sifa.correction.urls")),
    path("api/", include("sifa.api.urls")),
    path("dashboard/", include("sifa.workbench.urls")),
    path("records/", include("sifa.workspace.urls")),
    path("returns/", include("sifa.returns.urls")),
]

handler404 = "sifa.api.errors.not_found"
