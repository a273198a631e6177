from django.urls import path

from waypost.reporting import forecast_views

urlpatterns = [
    path("", forecast_views.forecast_page, name="forecast"),
    path("forecast.csv", forecast_views.forecast_csv, name="forecast_csv"),
]
