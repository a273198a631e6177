"""The public bed capacity API: filled in by the register helper."""

urlpatterns: list = []
