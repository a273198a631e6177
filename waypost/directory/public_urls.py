"""/services/: the public directory (no sign-in). Placeholder until its part is built."""

app_name = "services"
urlpatterns: list = []
