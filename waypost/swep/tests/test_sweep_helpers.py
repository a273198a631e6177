"""Helpers shared by the sweep and report tests: activations made directly (the activation
pages are another part of the app), SWEP and other emergency beds, people on the by-name list,
and reading the sweep page's cards."""

import html as html_lib
import re
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Partnership, User
from waypost.housing.models import AccommodationKind, GenderRule, Provider, Scheme, Unit
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus
from waypost.people.models import Person
from waypost.swep.models import Activation, ActivationKind, ActivationStatus
from waypost.testing.people import make_person


def make_activation(
    partnership: Partnership,
    *,
    status: str = ActivationStatus.ACTIVE,
    starts_at: datetime | None = None,
    nights: int = 3,
    ended_at: datetime | None = None,
) -> Activation:
    """An activation that started at 6pm UK time yesterday (unless told otherwise) and is
    expected to last `nights` nights."""
    if starts_at is None:
        yesterday = timezone.localdate() - timedelta(days=1)
        starts_at = timezone.make_aware(
            datetime(yesterday.year, yesterday.month, yesterday.day, 18)
        )
    return Activation.objects.create(
        partnership=partnership,
        kind=ActivationKind.COLD,
        status=status,
        reasons=["Forecast minimum −3 °C"],
        starts_at=starts_at,
        expected_end_at=starts_at + timedelta(days=nights, hours=-9),
        ended_at=ended_at,
        activated_at=starts_at,
    )


def make_scheme(
    agency: Agency,
    name: str,
    *,
    kind: str = AccommodationKind.SWEP,
    beds: int = 2,
    **fields: Any,
) -> list[Unit]:
    """A scheme of the agency's partnership with `beds` free single beds (Bed 1, Bed 2...)."""
    provider, _ = Provider.objects.get_or_create(
        partnership=agency.partnership, name=f"{agency.name} provider", defaults={"agency": agency}
    )
    fields.setdefault("gender_rule", GenderRule.ANYONE)
    scheme = Scheme.objects.create(
        partnership=agency.partnership, provider=provider, name=name, kind=kind, **fields
    )
    return [Unit.objects.create(scheme=scheme, label=f"Bed {n}") for n in range(1, beds + 1)]


def listed(
    agency: Agency,
    by: User | None = None,
    *,
    status: str = ListStatus.ROUGH_SLEEPING,
    **fields: Any,
) -> Person:
    """A person recorded by `agency` and on the by-name list with `status`."""
    person = make_person(agency, by, **fields)
    # put_on_list locks the entry: browser tests run outside a test transaction.
    with transaction.atomic():
        put_on_list(person, status, agency=agency, by=by)
    return person


def cards(page: str) -> list[str]:
    """The sweep page's person cards, as text (tags dropped, spaces squeezed)."""
    found = re.findall(r'<section class="govuk-summary-card".*?</section>', page, re.DOTALL)
    return [_text(card) for card in found]


def card_titles(page: str) -> list[str]:
    found = re.findall(r'<h3 class="govuk-summary-card__title"[^>]*>(.*?)</h3>', page, re.DOTALL)
    return [_text(title) for title in found]


def _text(fragment: str) -> str:
    without_hidden = re.sub(
        r'<span class="govuk-visually-hidden">.*?</span>', "", fragment, flags=re.DOTALL
    )
    text = re.sub(r"<[^>]+>", " ", without_hidden)
    return " ".join(html_lib.unescape(text).split())
