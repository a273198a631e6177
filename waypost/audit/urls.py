from django.urls import path

from waypost.audit import views
from waypost.audit.retention import views as retention
from waypost.audit.subject_access import views as sar

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("export.csv", views.export, name="export"),
    # Subject access requests (UK GDPR Art. 15)
    path("requests/", sar.request_list, name="sar_list"),
    path("requests/new/", sar.request_open, name="sar_open"),
    path("requests/<uuid:request_id>/", sar.request_detail, name="sar_detail"),
    path("requests/<uuid:request_id>/find/", sar.request_find, name="sar_find"),
    path("requests/<uuid:request_id>/person/", sar.request_identify, name="sar_identify"),
    path(
        "requests/<uuid:request_id>/id-verified/", sar.request_id_verified, name="sar_id_verified"
    ),
    path("requests/<uuid:request_id>/extend/", sar.request_extend, name="sar_extend"),
    path("requests/<uuid:request_id>/export/", sar.request_export, name="sar_export"),
    path("requests/<uuid:request_id>/download/", sar.request_download, name="sar_download"),
    path("requests/<uuid:request_id>/close/", sar.request_close, name="sar_close"),
    # Retention (UK GDPR Art. 5(1)(e))
    path("retention/", retention.overview, name="retention"),
    path(
        "retention/<uuid:partnership_id>/rules/<slug:record_type>/",
        retention.rule,
        name="retention_rule",
    ),
    path("retention/<uuid:partnership_id>/dry-run/", retention.dry_run, name="retention_dry_run"),
    path("retention/reports/<uuid:run_id>/", retention.report, name="retention_report"),
    path("retention/reports/<uuid:run_id>/apply/", retention.apply, name="retention_apply"),
]
