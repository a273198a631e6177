from django.urls import path

from waypost.people import merge_views

app_name = "merge"
urlpatterns = [
    path("<uuid:first>/<uuid:second>/", merge_views.choose, name="choose"),
    path("<uuid:merge_id>/", merge_views.detail, name="detail"),
    path("person/<uuid:person_id>/", merge_views.history, name="history"),
]
