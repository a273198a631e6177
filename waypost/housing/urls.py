"""/housing/: accommodation. Each part keeps its own URLs."""

from django.urls import include, path

from waypost.housing import hub_views

app_name = "housing"
urlpatterns = [
    path("", hub_views.home, name="home"),
    path("", include("waypost.housing.register_urls")),  # the hub, register, vacancy board
    path("", include("waypost.housing.placement_urls")),  # needs, suitable beds, room for all
    path("housing-first/", include("waypost.housing.housing_first_urls")),  # the pipeline
    path("", include("waypost.housing.tenancy_urls")),  # landlords, properties, tenancies
]
