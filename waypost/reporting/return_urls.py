"""/reports/returns/: the monthly return, its sign-off, drill-downs and export; Built for
Zero's monthly figures; the HMIS CSV export."""

from django.urls import path

from waypost.reporting import bfz_views, hmis_views, return_views

urlpatterns = [
    path("", return_views.return_page, name="returns"),
    path("built-for-zero/", bfz_views.bfz_page, name="return_bfz"),
    path("built-for-zero.csv", bfz_views.bfz_csv, name="return_bfz_csv"),
    path("hmis.zip", hmis_views.hmis_zip, name="return_hmis"),
    path("<str:month>/sign-off/", return_views.return_sign_off, name="return_sign_off"),
    path("<str:month>/return.csv", return_views.return_csv, name="return_csv"),
    path("<str:month>/return.xlsx", return_views.return_xlsx, name="return_xlsx"),
    path("<str:month>/<slug:indicator>/people/", return_views.return_people, name="return_people"),
]
