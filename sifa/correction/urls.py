from django.urls import path

from . import views

app_name = "correction"

urlpatterns = [
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
]
