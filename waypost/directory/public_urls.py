"""/services/: the public directory (no sign-in): the search, each service's page, "Get help
now", and the printable toolkits."""

from django.urls import include, path

from waypost.directory import public_views

app_name = "services"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:slug>/", public_views.search_page, name="search"),
    path("<slug:slug>/help-now/", public_views.help_now, name="help_now"),
    path("<slug:slug>/<uuid:service_id>/", public_views.service, name="service"),
    path("<slug:slug>/toolkit/", include("waypost.directory.toolkit_public_urls")),
]
