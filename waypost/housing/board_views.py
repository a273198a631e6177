"""The vacancy board and a scheme's vacancy update page. Thin views: access
(waypost.housing.board_access) → form → action (waypost.housing.board_actions)."""

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from waypost.accounts.models import Membership, User
from waypost.accounts.roles import role_required
from waypost.housing import board_actions
from waypost.housing.board_access import (
    BOARD_ROLES,
    PAGE_SIZE,
    BoardQuery,
    board_rows,
    board_schemes,
    get_scheme_for_vacancies,
    is_stale,
    units_with_placed,
    updated_text,
)
from waypost.housing.board_forms import BoardFilterForm, VacancyForm, unit_field_name
from waypost.housing.register_actions import StaleScheme


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _query_string(query: BoardQuery) -> str:
    pairs = [("kind", k) for k in query.kinds] + [("suits", s) for s in query.suits]
    if query.only_free:
        pairs.append(("free", "on"))
    return urlencode(pairs)


@role_required(*BOARD_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    form = BoardFilterForm(request.GET)
    query = form.query()
    now = timezone.now()
    page = Paginator(board_schemes(memberships, query), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = board_rows(list(page.object_list), memberships, now=now)
    partnerships = {row.scheme.partnership_id for row in rows}
    return render(
        request,
        "housing/board/board.html",
        {
            "form": form,
            "query": query,
            "rows": rows,
            "page_obj": page,
            "page_query": _query_string(query),
            "chosen_filters": query.labels(),
            "several": len(partnerships) > 1,
        },
    )


@role_required(*BOARD_ROLES)
def vacancies(request: HttpRequest, scheme_id: UUID) -> HttpResponse:
    """Say which of the scheme's beds are free: its provider's staff only (404 for another
    agency's provider, 403 for the street and case teams, who see the board)."""
    scheme = get_scheme_for_vacancies(_memberships(request), scheme_id)
    units = units_with_placed(scheme)
    if request.method == "POST":
        form = VacancyForm(request.POST, units=units)
        if form.is_valid():
            try:
                board_actions.update_vacancies(
                    scheme,
                    form.statuses(),
                    version=form.cleaned_data["version"],
                    by=_user(request),
                )
            except StaleScheme:
                scheme.refresh_from_db()
                units = units_with_placed(scheme)
                data = request.POST.copy()
                data["version"] = str(scheme.version)
                form = VacancyForm(data, units=units)
                form.is_valid()
                form.add_error(None, board_actions.STALE_VACANCIES)
            except ValidationError as error:
                _unit_errors(form, error)
            else:
                messages.success(request, f"Vacancies at {scheme.name} saved.")
                return redirect("housing:board")
    else:
        form = VacancyForm(initial={"version": scheme.version}, units=units)
    now = timezone.now()
    by = scheme.vacancies_updated_by
    return render(
        request,
        "housing/board/vacancies.html",
        {
            "scheme": scheme,
            "form": form,
            "updated": updated_text(
                scheme.vacancies_updated_at, (by.full_name or by.email) if by else "", now=now
            ),
            "is_stale": is_stale(scheme.vacancies_updated_at, now=now),
        },
    )


def _unit_errors(form: VacancyForm, error: ValidationError) -> None:
    """The action's refusals, on the radios of the unit each names."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    by_id = {str(unit.pk): unit for unit in form.units}
    for key, found in error.message_dict.items():
        unit = by_id.get(key)
        for message in found:
            form.add_error(unit_field_name(unit) if unit else None, message)
