from django.urls import path

from waypost.reporting import cohort_views

urlpatterns = [
    path("", cohort_views.cohort_page, name="cohort"),
]
