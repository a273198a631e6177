"""Background work for the threshold model: after a coordinator saves a new version, everyone's
tier is worked out again under it (the task's only argument is the version's id); and each
night tiers are refreshed as street history moves on (more months seen bedded down, a return,
a month dropping out of the 24), saving a tier only for people whose score or reasons changed."""

import logging

from django.tasks import task

from waypost.accounts.models import Partnership
from waypost.cases.models import ThresholdModel
from waypost.cases.threshold_actions import latest_model, recalculate_partnership

logger = logging.getLogger(__name__)


@task
def recalculate_tiers(model_id: str) -> int:
    """Work out every tier under one model version; returns how many were worked out (0 when
    the version no longer exists or a newer one has been saved since)."""
    model = ThresholdModel.objects.filter(pk=model_id).first()
    if model is None:
        logger.info("Tier recalculation for model %s skipped: no such version", model_id)
        return 0
    done = recalculate_partnership(model)
    logger.info("Tier recalculation for model %s: %s tiers worked out", model_id, done)
    return done


@task
def refresh_tiers() -> int:
    """Every partnership's tiers under its current version, saved only where they changed.
    Scheduled nightly (waypost.scheduling.jobs); returns how many tiers were saved."""
    done = 0
    for partnership in Partnership.objects.order_by("pk"):
        model = latest_model(partnership)
        if model is not None:
            done += recalculate_partnership(model, only_changed=True)
    logger.info("Nightly tier refresh: %s tiers changed", done)
    return done
