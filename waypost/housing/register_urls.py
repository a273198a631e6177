"""/housing/register/, /housing/providers/, /housing/schemes/, /housing/units/ and
/housing/board/: the accommodation register and the vacancy board."""

from django.urls import path

from waypost.housing import board_views, register_views

urlpatterns = [
    path("register/", register_views.register, name="register"),
    path("providers/new/", register_views.provider_new, name="provider_new"),
    path("providers/<uuid:provider_id>/", register_views.provider_edit, name="provider_edit"),
    path(
        "providers/<uuid:provider_id>/schemes/new/",
        register_views.scheme_new,
        name="scheme_new",
    ),
    path("schemes/<uuid:scheme_id>/", register_views.scheme_page, name="scheme"),
    path("schemes/<uuid:scheme_id>/edit/", register_views.scheme_edit, name="scheme_edit"),
    path("schemes/<uuid:scheme_id>/units/new/", register_views.unit_new, name="unit_new"),
    path("units/<uuid:unit_id>/", register_views.unit_edit, name="unit_edit"),
    path("board/", board_views.board, name="board"),
    path("schemes/<uuid:scheme_id>/vacancies/", board_views.vacancies, name="vacancies"),
]
