"""/severe-weather/: the public status pages ("SWEP is active tonight: how to get help")."""

from django.urls import path

from waypost.swep import public_views

app_name = "weather"
urlpatterns = [
    path("", public_views.status, name="status"),
    path("<slug:slug>/", public_views.partnership, name="partnership"),
]
