"""The board report PDF, for the people who may read the plan."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from waypost.accounts.roles import role_required
from waypost.strategy.board_pdf import board_pdf
from waypost.strategy.tracker_access import READER_ROLES, get_strategy_for_user


@role_required(*READER_ROLES)
@require_GET
def board_report(request: HttpRequest, strategy_id: Any) -> HttpResponse:
    strategy = get_strategy_for_user(list(request.memberships), strategy_id)  # type: ignore[attr-defined]
    today = timezone.localdate()
    response = HttpResponse(board_pdf(strategy, today), content_type="application/pdf")
    name = f"{strategy.partnership.slug}-plan-progress-{today:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
