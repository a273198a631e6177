"""Background work for data protection: subject access exports and the nightly retention run.

Task arguments are ids only: never names, search terms or other personal data.
"""

import logging

from django.tasks import task

from waypost.accounts.models import Partnership
from waypost.audit.models import RetentionRun, SubjectAccessRequest
from waypost.audit.retention.actions import apply_retention_run, plan_retention
from waypost.audit.subject_access.actions import save_export
from waypost.audit.subject_access.export import build_export, write_zip

logger = logging.getLogger(__name__)


@task
def build_subject_access_export(request_id: str) -> str:
    """Build the ZIP (JSON, PDF, uploaded files) for one request and store it under
    MEDIA_ROOT. Returns the request's status afterwards."""
    sar = (
        SubjectAccessRequest.objects.select_related("partnership")
        .filter(pk=request_id, person__isnull=False)
        .first()
    )
    if sar is None or sar.is_closed:
        logger.info("Subject access export %s skipped: no person or closed", request_id)
        return "skipped"
    export = build_export(sar)
    save_export(sar, write_zip(export), export.sections)
    logger.info("Subject access export %s ready: %s items", request_id, len(export.items))
    return "export_ready"


@task
def apply_retention() -> list[str]:
    """For each partnership: store a dry-run report (committed), then apply exactly it.

    Returns the ids of the runs. The scheduler runs it nightly (waypost.scheduling.jobs).
    """
    return [str(run.pk) for run in run_retention(dry_run=False)]


def run_retention(
    *, dry_run: bool, partnerships: list[Partnership] | None = None
) -> list[RetentionRun]:
    """The retention run for the command and the task: report first, then apply unless
    `dry_run`. Each partnership's report commits before its changes begin."""
    runs = []
    for partnership in partnerships if partnerships is not None else Partnership.objects.all():
        run = plan_retention(partnership, by=None)
        if not dry_run:
            run = apply_retention_run(run, by=None)
        logger.info(
            "Retention run %s for partnership %s (applied: %s)",
            run.pk,
            partnership.pk,
            run.is_applied,
        )
        runs.append(run)
    return runs
