from django.urls import path

from . import views

app_name = "dataio"
urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("template.xlsx", views.template_download, name="template"),
    path("annotated/<str:token>.xlsx", views.annotated_download, name="annotated"),
]
