"""URLs: filled in by the housing_first pages."""

urlpatterns: list = []
