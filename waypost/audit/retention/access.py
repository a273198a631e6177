"""The doors to retention settings and reports: the partnership's data protection officers
only; 404 for anyone else with the role, as for something that does not exist."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from waypost.accounts.models import Partnership, Role
from waypost.accounts.roles import partnerships_where
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, RetentionRun, Section


def get_partnership_for_dpo(request: HttpRequest, partnership_id: UUID) -> Partnership:
    for partnership in partnerships_where(request, Role.DPO):
        if partnership.pk == partnership_id:
            return partnership
    raise Http404


def runs_visible_to(request: HttpRequest) -> QuerySet[RetentionRun]:
    return RetentionRun.objects.filter(partnership__in=partnerships_where(request, Role.DPO))


def get_run_for_dpo(request: HttpRequest, run_id: UUID) -> RetentionRun:
    """One retention report. Records that the officer read it (it lists record ids)."""
    run = (
        runs_visible_to(request)
        .filter(pk=run_id)
        .select_related("partnership", "created_by", "applied_by")
        .first()
    )
    if run is None:
        raise Http404
    record_request_access(
        request,
        channel=Channel.PAGE,
        section=Section.AUDIT,
        subject_type="retention_report",
        subject_id=run.pk,
    )
    return run
