"""Landlords, their properties and incentives; tenancies, risk flags and sustainment; and the
DWP's door for benefit sanctions (mounted at /housing/)."""

from django.urls import path

from waypost.housing import landlord_views, sanction_views, tenancy_views

urlpatterns = [
    path("landlords/", landlord_views.landlords, name="landlords"),
    path("landlords/new/", landlord_views.landlord_new, name="landlord_new"),
    path("landlords/<uuid:landlord_id>/", landlord_views.landlord, name="landlord"),
    path("landlords/<uuid:landlord_id>/edit/", landlord_views.landlord_edit, name="landlord_edit"),
    path(
        "landlords/<uuid:landlord_id>/agreements/new/",
        landlord_views.agreement_new,
        name="agreement_new",
    ),
    path(
        "landlords/<uuid:landlord_id>/properties/new/",
        landlord_views.property_new,
        name="property_new",
    ),
    path("properties/<uuid:property_id>/edit/", landlord_views.property_edit, name="property_edit"),
    path(
        "landlords/<uuid:landlord_id>/incentives/new/",
        landlord_views.incentive_new,
        name="incentive_new",
    ),
    path("people/<uuid:person_id>/tenancies/new/", tenancy_views.tenancy_new, name="tenancy_new"),
    path(
        "people/<uuid:person_id>/tenancies/",
        tenancy_views.person_tenancies_page,
        name="person_tenancies",
    ),
    path("tenancies/", tenancy_views.tenancies, name="tenancies"),
    path("tenancies/<uuid:tenancy_id>/", tenancy_views.tenancy_page, name="tenancy"),
    path("tenancies/<uuid:tenancy_id>/end/", tenancy_views.tenancy_end, name="tenancy_end"),
    path(
        "tenancies/<uuid:tenancy_id>/complex-needs-panel/",
        tenancy_views.tenancy_refer,
        name="tenancy_refer",
    ),
    path("tenancies/<uuid:tenancy_id>/risks/new/", tenancy_views.risk_new, name="risk_new"),
    path(
        "tenancies/<uuid:tenancy_id>/risks/<uuid:risk_id>/resolve/",
        tenancy_views.risk_resolve,
        name="risk_resolve",
    ),
    path("sanctions/new/", sanction_views.sanction_notify, name="sanction_notify"),
]
