"""URLs for the funds hub, funds and their ledgers, grant budgets and spend, and reports."""

from django.urls import path

from waypost.funds import fund_views, grant_views, report_views

urlpatterns = [
    path("", fund_views.home, name="home"),
    path("new/", fund_views.fund_new, name="fund_new"),
    path("annual-report/", report_views.annual_page, name="annual_report"),
    path("annual-report/csv/", report_views.annual_csv, name="annual_report_csv"),
    path("annual-report/pdf/", report_views.annual_pdf, name="annual_report_pdf"),
    path("<uuid:fund_id>/", fund_views.fund_page, name="fund"),
    path("<uuid:fund_id>/edit/", fund_views.fund_edit, name="fund_edit"),
    path("<uuid:fund_id>/ledger/", fund_views.ledger_page, name="ledger"),
    path("<uuid:fund_id>/ledger/csv/", fund_views.ledger_csv, name="ledger_csv"),
    path("<uuid:fund_id>/entries/<uuid:entry_id>/", fund_views.entry_page, name="entry"),
    path(
        "<uuid:fund_id>/entries/<uuid:entry_id>/reverse/",
        fund_views.entry_reverse,
        name="entry_reverse",
    ),
    path("<uuid:fund_id>/lines/new/", grant_views.budget_line_form, name="budget_line_new"),
    path(
        "<uuid:fund_id>/lines/<uuid:line_id>/edit/",
        grant_views.budget_line_form,
        name="budget_line_edit",
    ),
    path("<uuid:fund_id>/spend/new/", grant_views.spend_new, name="spend_new"),
    path("<uuid:fund_id>/grant-report/", grant_views.grant_report_page, name="grant_report"),
    path("<uuid:fund_id>/grant-report/csv/", grant_views.grant_report_csv, name="grant_report_csv"),
]
