"""/severe-weather/: the public status page ("SWEP is active tonight: how to get help")."""

app_name = "weather"
urlpatterns: list = []
