"""Placeholder: the HSDS 3 API at /api/hsds/."""

urlpatterns: list = []
