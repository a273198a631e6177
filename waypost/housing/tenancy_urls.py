"""URLs: filled in by the tenancy pages."""

urlpatterns: list = []
