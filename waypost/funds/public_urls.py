"""The public giving page: what the alternative giving scheme raised and paid for."""

from django.urls import path

from waypost.funds import public_views

app_name = "giving"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:slug>/", public_views.partnership_page, name="partnership"),
]
