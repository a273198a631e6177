"""URLs: filled in by the sweep pages."""

urlpatterns: list = []
