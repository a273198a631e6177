"""URLs: filled in by the register pages."""

urlpatterns: list = []
