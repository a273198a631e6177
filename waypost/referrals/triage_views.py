"""The housing options team's referral pages (being built)."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse


def detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    raise Http404
