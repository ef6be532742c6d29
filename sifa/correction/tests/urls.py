"""The project's URLs plus this line's pages (until sifa/urls.py mounts them)."""

from django.urls import include, path

from sifa.urls import urlpatterns as project

urlpatterns = [*project, path("correction/", include("sifa.correction.urls"))]
