from django.urls import path

from waypost.reporting import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("dashboard.xlsx", dashboard_views.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard.pdf", dashboard_views.dashboard_pdf, name="dashboard_pdf"),
]
