"""Enforcement under the charter of care, and death reviews."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
