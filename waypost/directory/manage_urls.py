"""Placeholder: filled in by its part of the directory."""

urlpatterns: list = []
