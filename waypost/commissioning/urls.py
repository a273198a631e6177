"""/commissioning/ URLs."""

app_name = "commissioning"
urlpatterns: list = []
