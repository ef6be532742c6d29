from django.urls import path

from . import views

app_name = "dataio"
urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.job_view, name="job"),
    path("import/batches/", views.batch_list, name="batches"),
    path("import/batches/<int:pk>/rollback/", views.batch_rollback_view, name="batch_rollback"),
    path("import/<int:pk>/progress.json", views.job_progress, name="job_progress"),
    path("import/<int:pk>/annotated.xlsx", views.annotated_download, name="annotated"),
    path("import/<int:pk>/errors.xlsx", views.error_list_download, name="error_list"),
    path("template.xlsx", views.template_download, name="template"),
    path("template/<str:key>.xlsx", views.type_template_download, name="type_template"),
]
