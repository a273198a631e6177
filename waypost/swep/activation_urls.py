"""URLs: filled in by the activation pages."""

urlpatterns: list = []
