"""The demo world for tests that check what seed_demo makes: seeded twice, as a deployment
might run it, inside one transaction that is rolled back afterwards. Seeding takes seconds, so
a module seeds it once and its tests share it, each in a savepoint of its own (pytest-django's
`db` fixture)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


@dataclass(frozen=True)
class DemoSeeding:
    after_first: dict[str, int]  # rows of each model after the first run
    after_second: dict[str, int]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@contextmanager
def demo_world(django_db_blocker: Any) -> Iterator[DemoSeeding]:
    with django_db_blocker.unblock(), override_settings(WAYPOST_DEMO=True):
        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            first = row_counts()
            call_command("seed_demo", stdout=StringIO())
            yield DemoSeeding(first, row_counts())
            transaction.set_rollback(True)
