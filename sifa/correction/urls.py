from django.urls import path

from . import views

app_name = "correction"

urlpatterns = [
    path("subjects/", views.subject_list, name="subject_list"),
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
    path(
        "subjects/<int:pk>/supervision/new/",
        views.supervision_create,
        name="supervision_create",
    ),
]
