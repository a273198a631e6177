"""/cases/: working a case. Each part keeps its own URLs."""

from django.urls import include, path

from waypost.cases import hub_views

app_name = "cases"
urlpatterns = [
    path("", hub_views.home, name="home"),
    path("", include("waypost.cases.threshold_urls")),  # assessments, threshold model, tiers
    path("", include("waypost.cases.plan_urls")),  # support plans, actions, the timeline
    path("meetings/", include("waypost.cases.meeting_urls")),  # meetings and tasking
    path("", include("waypost.cases.enforcement_urls")),  # enforcement, deaths
]
