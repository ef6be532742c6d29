from django.urls import path

from . import api, views

app_name = "returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/lock/", views.lock, name="lock"),
    path("api/", api.ReturnList.as_view(), name="api_list"),
    path("api/<slug:name>/", api.ReturnDetail.as_view(), name="api_detail"),
    path("<slug:name>/", views.detail, name="detail"),
    path("<slug:name>/xlsx/", views.export, name="export"),
    path("<slug:name>/submit/", views.submit, name="submit"),
    path("<slug:name>/cells/<str:row>/<str:col>/", views.cell, name="cell"),
]
