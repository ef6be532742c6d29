from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("preview/", views.preview, name="preview"),
    path("download/", views.download, name="download"),
    path("figures/<str:fid>/", views.drilldown, name="drilldown"),
    path("numbers/", views.figures_page, name="figures"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
    path("template-check/", views.template_check_view, name="template_check"),
    path("year-over-year/", views.yoy, name="yoy"),
    path("issue/", views.issue, name="issue"),
    path("issued/<int:pk>/", views.issued_detail, name="issued"),
    path("issued/<int:pk>/file/", views.issued_file, name="issued_file"),
    path("briefings/<slug:name>/", views.briefing_preview, name="briefing"),
    path("briefings/<slug:name>/download/", views.briefing_download, name="briefing_download"),
    path("briefings/<slug:name>/issue/", views.briefing_issue, name="briefing_issue"),
    path("briefings/<slug:name>/figures/<str:fid>/", views.briefing_figure, name="briefing_figure"),
    path("briefings/<slug:name>/template/", views.briefing_template, name="briefing_template"),
    path(
        "briefings/<slug:name>/template/file/",
        views.briefing_template_file,
        name="briefing_template_file",
    ),
]
