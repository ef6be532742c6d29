from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sifa.accounts.views import LoginView
from sifa.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", LoginView.as_view()),
    path("admin/", admin.site.urls),
    path("reports/", include("sifa.reports.urls")),
    path("data/", include("sifa.dataio.urls")),
    path("api/", include("sifa.api.urls")),
]
