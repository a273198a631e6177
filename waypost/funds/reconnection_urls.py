"""URLs for the reconnection and personal budget pages of the funds app (plan CP5)."""

from django.urls import path

from waypost.funds import reconnection_views as views

urlpatterns = [
    path(
        "people/<uuid:person_id>/reconnections/new/",
        views.reconnection_new,
        name="reconnection_new",
    ),
    path("reconnections/follow-ups/", views.follow_ups, name="follow_ups"),
    path("reconnections/report/", views.reconnection_report_page, name="reconnection_report"),
    path("reconnections/<uuid:offer_id>/", views.reconnection, name="reconnection"),
    path("people/<uuid:person_id>/budgets/new/", views.budget_new, name="budget_new"),
    path("budgets/<uuid:budget_id>/", views.budget, name="budget"),
]
