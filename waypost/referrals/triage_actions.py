"""Writes for the housing options team: accept and assign a referral, first contact, link the
person, triage, the 56-day prevention and relief duties, reconnection offers, closing, and the
partnership's out-of-hours route.

Each action is one transaction. Those that change a referral lock its row with the version
the user's form started from (`locked_referral`): ReferralChanged when someone else changed
it meanwhile, ReferralClosed when it is closed. A rule of the duties that refuses the change
raises TriageRefused with a message for the user. Notifications carry no personal data.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, User
from waypost.notifications.actions import notify
from waypost.people.models import Person
from waypost.referrals.models import (
    ClosureReason,
    Duty,
    DutyKind,
    DutyOutcome,
    Eligibility,
    FollowUpOutcome,
    LocalConnection,
    OfferResponse,
    OutOfHoursRoute,
    PublicFunds,
    ReconnectionOffer,
    Referral,
    ReferralStatus,
    Triage,
    TriageRoute,
)
from waypost.referrals.referral_access import TRIAGE_ROLES
from waypost.referrals.referral_actions import (
    locked_referral,
    referral_link,
    save_referral,
)


class TriageRefused(Exception):
    """The duties' rules refuse this change; the message says why, for the user."""


def lead_agency_for(user: User, partnership: Partnership) -> Agency | None:
    """The agency `user` works for on referrals in `partnership`: their housing options
    agency there (the first by name when they have several)."""
    membership = (
        Membership.objects.active()
        .filter(
            user=user,
            role__in=list(TRIAGE_ROLES),
            agency__partnership=partnership,
            agency__type=AgencyType.HOUSING_OPTIONS,
        )
        .select_related("agency")
        .order_by("agency__name")
        .first()
    )
    return membership.agency if membership else None


def _assign(referral: Referral, assign_to: User, by: User) -> list[str]:
    agency = lead_agency_for(assign_to, referral.partnership)
    if agency is None:
        raise TriageRefused(
            "You can only assign the referral to a caseworker or coordinator of this "
            "partnership’s housing options team"
        )
    changed = referral.assigned_to_id != assign_to.pk
    referral.assigned_to = assign_to
    referral.lead_agency = agency
    if changed and assign_to.pk != by.pk:
        notify(
            assign_to,
            title="Referral assigned to you",
            body="A referral was assigned to you. It is in your referrals.",
            link=referral_link(referral),
        )
    return ["assigned_to", "lead_agency"]


@transaction.atomic
def accept_referral(referral: Referral, *, version: int, assign_to: User, by: User) -> Referral:
    """Accept a waiting referral for the housing options team and assign it to a caseworker.

    The lead agency becomes the caseworker's housing options agency in the referral's
    partnership. The caseworker is told in the app (unless they accepted it themselves).
    """
    current = locked_referral(referral, version)
    if current.status != ReferralStatus.WAITING:
        raise TriageRefused("This referral was already accepted")
    fields = _assign(current, assign_to, by)
    current.status = ReferralStatus.ACCEPTED
    current.accepted_at = timezone.now()
    current.accepted_by = by
    return save_referral(current, [*fields, "status", "accepted_at", "accepted_by"])


@transaction.atomic
def reassign_referral(referral: Referral, *, version: int, assign_to: User, by: User) -> Referral:
    """Give an accepted referral to another caseworker (the lead agency follows them)."""
    current = locked_referral(referral, version)
    _must_be_accepted(current)
    return save_referral(current, _assign(current, assign_to, by))


def _must_be_accepted(referral: Referral) -> None:
    if referral.status != ReferralStatus.ACCEPTED:
        raise TriageRefused("Accept the referral first")


@transaction.atomic
def record_first_contact(referral: Referral, *, version: int, at: datetime, by: User) -> Referral:
    """When the team first reached the person (for the time to first contact)."""
    current = locked_referral(referral, version)
    _must_be_accepted(current)
    if at < current.received_at.replace(second=0, microsecond=0):
        raise TriageRefused("First contact cannot be before the referral was received")
    if at > timezone.now():
        raise TriageRefused("First contact must be now or in the past")
    current.first_contact_at = at
    return save_referral(current, ["first_contact_at"])


@transaction.atomic
def link_person(referral: Referral, person: Person, *, version: int | None, by: User) -> Referral:
    """Link the referral to the person's record.

    The caller has checked that `by` may see the person (people.access) and the referral.
    """
    if person.partnership_id != referral.partnership_id:
        raise ValueError("The person belongs to another partnership")
    current = locked_referral(referral, version)
    current.person = person
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return save_referral(current, ["person"])


@transaction.atomic
def start_duty(referral: Referral, *, version: int, kind: str, started_on: date, by: User) -> Duty:
    """Start the 56-day prevention or relief duty. One duty is open at a time."""
    if kind not in DutyKind.values:
        raise ValueError(f"Unknown duty {kind!r}")
    current = locked_referral(referral, version)
    _must_be_accepted(current)
    open_duty = current.duties.filter(ended_on__isnull=True).first()
    if open_duty is not None:
        raise TriageRefused(
            f"The {open_duty.get_kind_display().lower()} is still open: end it before "
            "starting another duty"
        )
    if started_on > timezone.localdate():
        raise TriageRefused("A duty cannot start in the future")
    if started_on < timezone.localdate(current.received_at):
        raise TriageRefused("A duty cannot start before the referral was received")
    duty = Duty.objects.create(
        referral=current,
        kind=kind,
        started_on=started_on,
        ends_on=Duty.end_date_for(started_on),
        started_by=by,
    )
    save_referral(current, [])
    return duty


@transaction.atomic
def end_duty(
    duty: Duty,
    *,
    version: int,
    outcome: str,
    ended_on: date,
    notes: str = "",
    by: User,
    start_relief: bool = False,
) -> Duty | None:
    """End an open duty with its outcome. A prevention duty that ends because the person
    became homeless may start the relief duty the same day (`start_relief`); that new duty
    is returned, else None."""
    if outcome not in DutyOutcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    current = locked_referral(duty.referral, version)
    locked = Duty.objects.select_for_update().get(pk=duty.pk)
    if locked.ended_on is not None:
        raise TriageRefused("This duty has already ended")
    if ended_on < locked.started_on:
        raise TriageRefused("A duty cannot end before it started")
    if ended_on > timezone.localdate():
        raise TriageRefused("The date the duty ended must be today or in the past")
    relief = start_relief and outcome == DutyOutcome.BECAME_HOMELESS
    if relief and locked.kind != DutyKind.PREVENTION:
        raise TriageRefused("Only the prevention duty is followed by the relief duty")
    locked.ended_on = ended_on
    locked.outcome = outcome
    locked.outcome_notes = notes
    locked.ended_by = by
    locked.save(update_fields=["ended_on", "outcome", "outcome_notes", "ended_by"])
    save_referral(current, [])
    if not relief:
        return None
    return Duty.objects.create(
        referral=current,
        kind=DutyKind.RELIEF,
        started_on=ended_on,
        ends_on=Duty.end_date_for(ended_on),
        started_by=by,
    )


@transaction.atomic
def close_referral(referral: Referral, *, version: int, reason: str, by: User) -> Referral:
    """Close the referral with a reason. Refused while a duty is open (end it first), and
    "duty ended" only once a duty has ended. The referrer then sees it closed."""
    if reason not in ClosureReason.values:
        raise ValueError(f"Unknown reason {reason!r}")
    current = locked_referral(referral, version)
    duties = list(current.duties.all())
    if any(d.ended_on is None for d in duties):
        raise TriageRefused("A duty is still open: record how it ended before closing the referral")
    if reason == ClosureReason.DUTY_ENDED and not duties:
        raise TriageRefused(
            "No prevention or relief duty was recorded, so it cannot have ended: choose "
            "another reason"
        )
    current.status = ReferralStatus.CLOSED
    current.closure_reason = reason
    current.closed_at = timezone.now()
    current.closed_by = by
    return save_referral(current, ["status", "closure_reason", "closed_at", "closed_by"])


def route_problem(route: str, local_connection: str, public_funds: str) -> str:
    """Why `route` does not fit the triage (the form and the action share it), or ""."""
    if route == TriageRoute.NRPF_PATHWAY and public_funds != PublicFunds.NRPF:
        return (
            "Choose the No Recourse to Public Funds pathway only for someone with no recourse "
            "to public funds"
        )
    if route == TriageRoute.RECONNECTION and local_connection != LocalConnection.ELSEWHERE:
        return "Choose reconnection only for someone with a local connection to another area"
    return ""


@transaction.atomic
def record_triage(
    referral: Referral,
    *,
    version: int,
    eligibility: str,
    local_connection: str,
    connection_area: str,
    public_funds: str,
    route: str,
    out_of_hours: bool,
    notes: str,
    by: User,
) -> Triage:
    """Record a triage (TP3, TP4, CP5): eligibility, local connection, recourse to public
    funds and the route. The latest triage is the current one; earlier ones are kept."""
    for value, choices in (
        (eligibility, Eligibility),
        (local_connection, LocalConnection),
        (public_funds, PublicFunds),
        (route, TriageRoute),
    ):
        if value not in choices.values:
            raise ValueError(f"Unknown {choices.__name__} {value!r}")
    problem = route_problem(route, local_connection, public_funds)
    if problem:
        raise TriageRefused(problem)
    if local_connection == LocalConnection.ELSEWHERE and not connection_area.strip():
        raise TriageRefused("Enter the area they have a local connection to")
    current = locked_referral(referral, version)
    _must_be_accepted(current)
    triage = Triage.objects.create(
        referral=current,
        eligibility=eligibility,
        local_connection=local_connection,
        connection_area=(
            connection_area.strip() if local_connection == LocalConnection.ELSEWHERE else ""
        ),
        public_funds=public_funds,
        route=route,
        # Out of hours matters only for a temporary accommodation placement.
        out_of_hours=out_of_hours and route == TriageRoute.TEMPORARY_ACCOMMODATION,
        notes=notes,
        recorded_by=by,
    )
    save_referral(current, [])
    return triage


@transaction.atomic
def record_reconnection_offer(
    referral: Referral,
    *,
    version: int,
    destination: str,
    destination_contact: str,
    offer: str,
    offered_on: date,
    follow_up_on: date,
    by: User,
) -> ReconnectionOffer:
    """Record an offer to help the person return to an area where they have a connection,
    with the day to check they arrived."""
    if follow_up_on < offered_on:
        raise TriageRefused("The follow-up date must be on or after the day of the offer")
    current = locked_referral(referral, version)
    _must_be_accepted(current)
    made = ReconnectionOffer.objects.create(
        referral=current,
        destination=destination,
        destination_contact=destination_contact,
        offer=offer,
        offered_on=offered_on,
        follow_up_on=follow_up_on,
        recorded_by=by,
    )
    save_referral(current, [])
    return made


@transaction.atomic
def record_offer_response(
    offer: ReconnectionOffer, *, version: int, response: str, by: User
) -> ReconnectionOffer:
    """Record whether the person accepted or declined the reconnection offer."""
    if response not in OfferResponse.values:
        raise ValueError(f"Unknown response {response!r}")
    current = locked_referral(offer.referral, version)
    locked = ReconnectionOffer.objects.select_for_update().get(pk=offer.pk)
    locked.response = response
    locked.save(update_fields=["response"])
    save_referral(current, [])
    return locked


@transaction.atomic
def record_follow_up(
    offer: ReconnectionOffer,
    *,
    version: int,
    followed_up_on: date,
    outcome: str,
    notes: str = "",
    by: User,
) -> ReconnectionOffer:
    """Record what the follow-up found: arrived and accommodated, did not travel...

    Allowed on a closed referral too: a referral closed as "referred to another local
    authority" is still followed up to learn whether the person arrived (CP5)."""
    if outcome not in FollowUpOutcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    current = locked_referral(offer.referral, version, open_only=False)
    locked = ReconnectionOffer.objects.select_for_update().get(pk=offer.pk)
    if followed_up_on < locked.offered_on:
        raise TriageRefused("The follow-up cannot be before the day of the offer")
    if followed_up_on > timezone.localdate():
        raise TriageRefused("The date of the follow-up must be today or in the past")
    locked.followed_up_on = followed_up_on
    locked.follow_up_outcome = outcome
    locked.follow_up_notes = notes
    locked.save(update_fields=["followed_up_on", "follow_up_outcome", "follow_up_notes"])
    save_referral(current, [])
    return locked


@transaction.atomic
def set_out_of_hours_route(
    partnership: Partnership, *, phone: str, hours: str, script: str, by: User
) -> OutOfHoursRoute:
    """Set how the partnership places someone in temporary accommodation out of hours (TP4):
    the number to ring, when it runs, and the duty officer's script."""
    route, _ = OutOfHoursRoute.objects.select_for_update().update_or_create(
        partnership=partnership,
        defaults={"phone": phone, "hours": hours, "script": script, "updated_by": by},
    )
    return route
