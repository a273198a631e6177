from django.urls import path

from waypost.sharing import views

app_name = "sharing"
urlpatterns = [
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_publish, name="agreement_publish"),
    path("agreements/<uuid:agreement_id>/", views.agreement, name="agreement"),
    path(
        "agreements/<uuid:agreement_id>/agencies/<uuid:agency_id>/signature/",
        views.signature,
        name="signature",
    ),
    path(
        "agreements/<uuid:agreement_id>/agencies/<uuid:agency_id>/end/",
        views.signature_end,
        name="signature_end",
    ),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/permission/", views.permission_record, name="permission"),
    path("people/<uuid:person_id>/lawful-basis/", views.lawful_basis_record, name="lawful_basis"),
    path("people/<uuid:person_id>/restriction/", views.restriction, name="restriction"),
    path("people/<uuid:person_id>/break-glass/", views.break_glass_start, name="break_glass"),
    path("consent-forms/<uuid:permission_id>/", views.proforma_download, name="proforma"),
    path("break-glass/", views.break_glass_review, name="break_glass_review"),
    path("break-glass/<uuid:use_id>/", views.break_glass_use, name="break_glass_use"),
]
