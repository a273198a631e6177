"""/directory/toolkit/: the printable toolkits, for the partnership's staff (namespace
"directory")."""

from django.urls import path

from waypost.directory import toolkit_views

urlpatterns = [
    path("", toolkit_views.toolkit_home, name="toolkit"),
    path("<slug:slug>/<slug:audience>/", toolkit_views.toolkit_audience, name="toolkit_audience"),
    path("<slug:slug>/<slug:audience>/pdf/", toolkit_views.toolkit_pdf, name="toolkit_pdf"),
]
