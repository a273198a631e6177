"""Demo practice notes for `seed_demo`: two notes from each partnership with a region, shared
by its coordinator and its combined authority officer. Practice only, no people.

Idempotent: a partnership that already shared a note is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Agency, Partnership, Role, User
from waypost.reporting.models import PracticeNote

NOTES = [
    (
        Role.COORDINATOR,
        "Joint outreach shifts with the hospital discharge team",
        "Once a week an outreach worker joins the hospital's discharge team on the wards. "
        "People who came in from the street are met before they leave, and a bed is found "
        "before the discharge date rather than after.\n\nWhat helped: a named contact on each "
        "ward, and a shared list of expected discharge dates. Ask our coordinator for the "
        "referral form we agreed with the trust.",
    ),
    (
        Role.REGIONAL,
        "Using one verification standard across the region",
        "All partnerships now record a contact as rough sleeping only when someone is seen "
        "bedded down, so our monthly figures can be added up across the region. Spotlight "
        "counts use the same method and the same independent verifier.",
    ),
]


def seed_practice_notes_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Seed the demo notes (see the module docstring) into `partnership`'s region."""
    if not partnership.region.strip():
        return
    if PracticeNote.objects.filter(partnership=partnership).exists():
        return
    now = timezone.now()
    for days_ago, (role, title, body) in enumerate(NOTES):
        PracticeNote.objects.create(
            region=partnership.region,
            partnership=partnership,
            author=users.get(role),
            title=title,
            body=body,
            created_at=now - timedelta(days=7 * (days_ago + 1)),
        )
