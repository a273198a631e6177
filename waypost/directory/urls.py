"""/directory/: the service directory for staff. Each part keeps its own URLs."""

from django.urls import include, path

app_name = "directory"
urlpatterns = [
    path("", include("waypost.directory.search_urls")),  # the professionals' search and pages
    path("manage/", include("waypost.directory.manage_urls")),  # agencies keep their services
    path("toolkit/", include("waypost.directory.toolkit_urls")),  # choosing toolkit services
    path("gaps/", include("waypost.directory.gap_urls")),  # need against services
]
