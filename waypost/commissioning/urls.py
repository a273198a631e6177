"""/commissioning/ URLs: contracts, KPIs, quarterly returns and the forum report."""

from django.urls import path

from waypost.commissioning import contract_views, forum_views

app_name = "commissioning"
urlpatterns = [
    path("", contract_views.contracts_page, name="contracts"),
    path("contracts/new/", contract_views.contract_new, name="contract_new"),
    path("contracts/<uuid:contract_id>/", contract_views.contract_page, name="contract"),
    path("contracts/<uuid:contract_id>/edit/", contract_views.contract_edit, name="contract_edit"),
    path("contracts/<uuid:contract_id>/kpis/new/", contract_views.kpi_form, name="kpi_new"),
    path(
        "contracts/<uuid:contract_id>/kpis/<uuid:kpi_id>/edit/",
        contract_views.kpi_form,
        name="kpi_edit",
    ),
    path(
        "contracts/<uuid:contract_id>/returns/<slug:quarter>/",
        contract_views.return_page,
        name="return",
    ),
    path("forum/", forum_views.forum_page, name="forum_report"),
    path("forum/pdf/", forum_views.forum_pdf, name="forum_report_pdf"),
    path("forum/annual/", forum_views.annual_page, name="annual_report"),
    path("forum/annual/pdf/", forum_views.annual_pdf, name="annual_report_pdf"),
]
