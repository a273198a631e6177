from django.urls import path

from waypost.people.matching import views

app_name = "duplicates"
urlpatterns = [
    path("", views.pair_list, name="list"),
    path("<uuid:pair_id>/", views.pair_detail, name="pair"),
]
