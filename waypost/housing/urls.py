"""/housing/: accommodation. Each part keeps its own URLs."""

from django.urls import include, path

app_name = "housing"
urlpatterns = [
    path("", include("waypost.housing.register_urls")),  # the hub, register, vacancy board
    path("", include("waypost.housing.placement_urls")),  # needs, suitable beds, room for all
    path("housing-first/", include("waypost.housing.housing_first_urls")),  # the pipeline
    path("", include("waypost.housing.tenancy_urls")),  # landlords, properties, tenancies
]
