"""URLs: filled in by the placement pages."""

urlpatterns: list = []
