from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from waypost.audit.models import AccessEvent, Channel, Section


@pytest.fixture
def make_event():
    """Write an access event directly (as an access function would), with overrides."""

    def make(user: Any, **overrides: Any) -> AccessEvent:
        fields: dict[str, Any] = {
            "user": user,
            "agency": None,
            "subject_type": "person",
            "subject_id": "x",
            "section": Section.IDENTITY,
            "channel": Channel.PAGE,
            "route": "people:detail",
        }
        fields.update(overrides)
        return AccessEvent.objects.create(**fields)

    return make


def london(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))
