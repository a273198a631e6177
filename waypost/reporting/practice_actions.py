"""Sharing a practice note with the region."""

from django.db import transaction

from waypost.accounts.models import Partnership, User
from waypost.reporting.models import PracticeNote


@transaction.atomic
def share_practice_note(
    *, region: str, partnership: Partnership, title: str, body: str, by: User
) -> PracticeNote:
    """A note of practice from `partnership`, shown to everyone who may see `region`'s view.
    The caller has checked `by` may write notes for a partnership of that region."""
    if partnership.region != region:
        raise ValueError("The partnership is not in that region.")
    return PracticeNote.objects.create(
        region=region, partnership=partnership, author=by, title=title.strip(), body=body.strip()
    )
