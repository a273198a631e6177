"""Street contacts and places (filled in by the contacts work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
