"""/directory/: the service directory for staff. Each part keeps its own URLs."""

from django.urls import include, path

from waypost.directory import hub_views

app_name = "directory"
urlpatterns = [
    path("", hub_views.home, name="home"),
    path("", include("waypost.directory.search_urls")),  # the professionals' search and pages
    path("manage/", include("waypost.directory.manage_urls")),  # agencies keep their services
    path("toolkit/", include("waypost.directory.toolkit_urls")),  # choosing toolkit services
    path("gaps/", include("waypost.directory.gap_urls")),  # need against services
]
