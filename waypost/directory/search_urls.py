"""/directory/search/ and /directory/services/<id>/: the professionals' view of the directory
(inside the `directory` namespace)."""

from django.urls import path

from waypost.directory import search_views

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("services/<uuid:service_id>/", search_views.service, name="service"),
]
