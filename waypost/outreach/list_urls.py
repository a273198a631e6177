"""The by-name list and flows (filled in by the list work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
