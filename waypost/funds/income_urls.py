"""URLs for money in: takings typed by hand and settlement files (income_views.py)."""

from django.urls import path

from waypost.funds import income_views

urlpatterns = [
    path("<uuid:fund_id>/income/new/", income_views.income_new, name="income_new"),
    path("<uuid:fund_id>/settlements/", income_views.settlements_page, name="settlements"),
    path("<uuid:fund_id>/settlements/new/", income_views.settlement_new, name="settlement_new"),
    path(
        "<uuid:fund_id>/settlements/<uuid:settlement_id>/",
        income_views.settlement_page,
        name="settlement",
    ),
]
