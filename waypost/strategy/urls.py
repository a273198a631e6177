"""/strategy/ URLs."""

app_name = "strategy"
urlpatterns: list = []
