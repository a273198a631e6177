"""/swep/: the SWEP page, forecasts, settings, activations, the rota and staff alerts."""

from django.urls import path

from waypost.swep import (
    activation_views,
    forecast_views,
    settings_views,
    subscription_views,
)

urlpatterns = [
    path("", activation_views.home, name="home"),
    path("settings/", settings_views.settings_page, name="settings"),
    path("forecasts/new/", forecast_views.forecast_new, name="forecast_new"),
    path("propose/", activation_views.propose, name="propose"),
    path("start/", activation_views.start, name="start"),
    path("rota/", subscription_views.rota, name="rota"),
    path("rota/<uuid:member_id>/remove/", subscription_views.rota_remove, name="rota_remove"),
    path("alerts/", subscription_views.subscriptions, name="subscriptions"),
    path("<uuid:activation_id>/", activation_views.activation, name="activation"),
    path("<uuid:activation_id>/activate/", activation_views.activate, name="activate"),
    path(
        "<uuid:activation_id>/not-activated/",
        activation_views.not_activate,
        name="not_activate",
    ),
    path("<uuid:activation_id>/end/", activation_views.end, name="end"),
]
