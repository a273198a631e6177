"""Street counts (filled in by the counts work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
