"""Street contacts API (filled in by the contacts work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
