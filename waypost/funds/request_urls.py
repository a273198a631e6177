"""URLs for money for a person: their money page, asking, a request, the approvals queue."""

from django.urls import path

from waypost.funds import request_views

urlpatterns = [
    path("people/<uuid:person_id>/", request_views.person_money, name="person_money"),
    path("people/<uuid:person_id>/ask/", request_views.request_new, name="request_new"),
    path("requests/<uuid:request_id>/", request_views.request_detail, name="request"),
    path("approvals/", request_views.approvals, name="approvals"),
]
