"""Support plans, actions and the timeline."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
