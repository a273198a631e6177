"""Placeholder: the public toolkit downloads (filled in by the toolkit part)."""

urlpatterns: list = []
