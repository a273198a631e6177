"""/swep/: the Severe Weather Emergency Protocol, for staff. Each part keeps its own URLs."""

from django.urls import include, path

app_name = "swep"
urlpatterns = [
    path("", include("waypost.swep.activation_urls")),  # triggers, forecasts, activations
    path("", include("waypost.swep.sweep_urls")),  # the sweep and the end-of-activation report
]
