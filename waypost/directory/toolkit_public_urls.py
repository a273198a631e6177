"""The public toolkit downloads, included at /services/<slug:slug>/toolkit/ in the public
"services" namespace: services:toolkit (the four downloads) and services:toolkit_pdf."""

from django.urls import path

from waypost.directory import toolkit_views

urlpatterns = [
    path("", toolkit_views.public_toolkit, name="toolkit"),
    path("<slug:audience>.pdf", toolkit_views.public_toolkit_pdf, name="toolkit_pdf"),
]
