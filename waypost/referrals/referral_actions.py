"""Writes for receiving a referral: the Duty to Refer form, the API and the discharge pathways
all come through `make_referral`.

One transaction each; the triage team is told through the outbox (no personal data in the
notification: the link leads to the referral, where the access policy applies).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
from waypost.notifications.actions import notify_many
from waypost.people.matching.normalise import normalise_name
from waypost.referrals.actions import save_with_unique_reference
from waypost.referrals.models import (
    ClosureReason,
    Discharge,
    Pathway,
    Referral,
    ReferralSource,
    ReferralStatus,
)
from waypost.referrals.referral_access import TRIAGE_ROLES

# What a referral may be created with (the form and the API send the same).
REFERRAL_FIELDS = frozenset(
    {
        "body_type",
        "referrer_phone",
        "referrer_email",
        "consent_given",
        "consent_method",
        "consent_given_on",
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "email",
        "contact_method",
        "safe_to_leave_message",
        "contact_notes",
        "situation",
        "reason",
        "reason_detail",
        "pathway",
    }
)
DISCHARGE_FIELDS = frozenset(
    {
        "expected_on",
        "institution",
        "ward_or_wing",
        "contact_name",
        "contact_role",
        "contact_phone",
        "contact_email",
        "needs_on_release",
    }
)
# The same person referred again by the same agency within this window is the same referral.
DUPLICATE_WINDOW = timedelta(days=1)


class ReferralChanged(Exception):
    """Someone else changed the referral since the form was opened."""


class ReferralClosed(Exception):
    """The referral is closed: nothing more can be recorded on it."""


@dataclass
class ReferralResult:
    referral: Referral
    # False when this was the same person from the same agency within a day: the earlier
    # referral is returned and nothing new is counted.
    created: bool


def match_key(given_name: str, family_name: str, date_of_birth: date | None) -> str:
    born = date_of_birth.isoformat() if date_of_birth else ""
    return f"{normalise_name(given_name)}|{normalise_name(family_name)}|{born}"


def same_day_referral(agency: Agency, key: str, now: Any = None) -> Referral | None:
    """An earlier referral of the same person (same name and date of birth) by the same
    agency in the last day, not itself closed as a duplicate."""
    now = now or timezone.now()
    return (
        Referral.objects.filter(
            referring_agency=agency, match_key=key, received_at__gte=now - DUPLICATE_WINDOW
        )
        .exclude(closure_reason=ClosureReason.DUPLICATE)
        .order_by("received_at")
        .first()
    )


@transaction.atomic
def make_referral(
    *,
    by: User,
    agency: Agency,
    partnership: Partnership,
    source: str = ReferralSource.WEB,
    discharge: dict[str, Any] | None = None,
    **fields: Any,
) -> ReferralResult:
    """Store a referral to `partnership`'s housing options team from `by` at `agency`.

    The person's consent is required (the Act's condition for referring). A hospital or
    prison pathway referral needs `discharge` (expected date, institution, named contact and
    needs on release). The same person from the same agency within a day returns the earlier
    referral with `created=False`.
    """
    unknown = set(fields) - REFERRAL_FIELDS
    if unknown:
        raise TypeError(f"Not referral fields: {sorted(unknown)}")
    if fields.get("consent_given") is not True:
        raise ValueError("A referral needs the person's consent")
    pathway = fields.get("pathway", Pathway.NONE)
    if (pathway != Pathway.NONE) != (discharge is not None):
        raise ValueError("A discharge pathway referral needs its discharge details, and only it")
    if discharge is not None and set(discharge) - DISCHARGE_FIELDS:
        raise TypeError(f"Not discharge fields: {sorted(set(discharge) - DISCHARGE_FIELDS)}")
    key = match_key(fields["given_name"], fields["family_name"], fields.get("date_of_birth"))
    # Lock the agency's row so two identical submissions at once cannot both pass the check.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    earlier = same_day_referral(agency, key)
    if earlier is not None:
        return ReferralResult(referral=earlier, created=False)
    referral = Referral(
        partnership=partnership,
        referring_agency=agency,
        referred_by=by,
        source=source,
        match_key=key,
        **fields,
    )
    save_with_unique_reference(referral)
    if discharge is not None:
        Discharge.objects.create(referral=referral, **discharge)
    _tell_triage_team(referral)
    return ReferralResult(referral=referral, created=True)


def triage_team(partnership: Partnership) -> list[User]:
    """Caseworkers and coordinators of the partnership's housing options agencies."""
    memberships = Membership.objects.active().filter(
        role__in=list(TRIAGE_ROLES),
        agency__partnership=partnership,
        agency__type=AgencyType.HOUSING_OPTIONS,
    )
    return list(User.objects.filter(pk__in=memberships.values("user")).order_by("pk"))


def triage_coordinators(partnership: Partnership) -> list[User]:
    memberships = Membership.objects.active().filter(
        role=Role.COORDINATOR,
        agency__partnership=partnership,
        agency__type=AgencyType.HOUSING_OPTIONS,
    )
    return list(User.objects.filter(pk__in=memberships.values("user")).order_by("pk"))


def referral_link(referral: Referral) -> str:
    """The triage team's page for the referral."""
    return reverse("referrals:detail", args=[referral.pk])


def referrer_link(referral: Referral) -> str:
    """The referring agency's page for the referral (the triage page is 404 to them)."""
    return reverse("referrals:sent_detail", args=[referral.pk])


def _tell_triage_team(referral: Referral) -> None:
    kind = "discharge referral" if referral.pathway != Pathway.NONE else "referral"
    notify_many(
        triage_team(referral.partnership),
        title=f"New {kind} to triage",
        body=f"{referral.referring_agency.name} sent a {kind}. It is waiting in the triage queue.",
        link=referral_link(referral),
    )


def locked_referral(referral: Referral, version: int | None, *, open_only: bool = True) -> Referral:
    """The referral's row, locked for this transaction; raises when it changed since
    `version` was read or, with `open_only`, when it is closed."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if version is not None and current.version != version:
        raise ReferralChanged
    if open_only and current.status == ReferralStatus.CLOSED:
        raise ReferralClosed
    return current


def save_referral(referral: Referral, fields: list[str]) -> Referral:
    """Save the named fields and bump the version."""
    referral.version += 1
    referral.save(update_fields=[*fields, "version"])
    return referral
