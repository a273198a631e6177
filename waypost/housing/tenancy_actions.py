"""Tenancies and what puts them at risk: starting and ending them (shared by the tenancies
pages and Housing First), risk flags, referral to the complex needs panel, and benefit
sanctions.

A benefit sanction, however it is recorded (by a worker on the tenancy page or by the DWP
through its own narrow door), alerts the person's lead worker at once: in Waypost and by
email, written in the same transaction as the flag. When there is no lead worker who still
works in the partnership, the partnership's rough sleeper coordinators are alerted instead.
The alert names nobody and says nothing about them: it links to the tenancy page, where the
access policy decides what the reader sees.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import AgencyType, Membership, Role, User
from waypost.housing.models import EndReason, Property, RiskKind, Tenancy, TenancyRisk
from waypost.notifications.actions import notify
from waypost.outreach.entries import change_status
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.sharing.policy import FRONTLINE_ROLES

if TYPE_CHECKING:
    from waypost.accounts.models import Agency
    from waypost.people.models import Person

NO_TENANCY = "This person has no tenancy on record: tell their lead worker directly"
SANCTION_TITLE = "Benefit sanction recorded: a tenancy may be at risk"
SANCTION_BODY_LEAD = (
    "A benefit sanction has been recorded for a tenant you are lead worker for. Their "
    "tenancy may be at risk: open it to see what is shared with you and plan support."
)
SANCTION_BODY_COORDINATOR = (
    "A benefit sanction has been recorded for a tenant who has no lead worker. Their "
    "tenancy may be at risk: open it to see what is shared with you and make sure someone "
    "supports them."
)


def start_tenancy(
    person: "Person",
    home: Property,
    *,
    agency: "Agency",
    by: "User | None",
    started_on: date | None = None,
    floating_support: bool = False,
    floating_support_agency: "Agency | None" = None,
    notes: str = "",
) -> Tenancy:
    """The person's tenancy of `home` from `started_on` (today by default). The home is no
    longer free to offer, and the person shows as housed on the by-name list."""
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        home = Property.objects.select_for_update().get(pk=home.pk)
        if home.partnership_id != person.partnership_id:
            raise ValidationError("That home belongs to another partnership.")
        if Tenancy.objects.filter(property=home, ended_on__isnull=True).exists():
            raise ValidationError("Someone already holds a tenancy of that home.")
        if Tenancy.objects.filter(person=person, ended_on__isnull=True).exists():
            raise ValidationError(
                "This person already has a tenancy that has not ended. End it before starting "
                "another."
            )
        if floating_support_agency is not None and (
            floating_support_agency.partnership_id != person.partnership_id
        ):
            raise ValidationError("The floating support agency must be in the partnership.")
        tenancy = Tenancy.objects.create(
            person=person,
            partnership_id=person.partnership_id,
            property=home,
            landlord_id=home.landlord_id,
            started_on=started_on,
            floating_support=floating_support,
            floating_support_agency=floating_support_agency,
            notes=notes,
            recorded_by_agency=agency,
            recorded_by=by,
        )
        if home.is_available:
            home.is_available = False
            home.save(update_fields=["is_available"])
        entry = ByNameEntry.objects.select_for_update().filter(person=person).first()
        if entry is not None:
            change_status(entry, ListStatus.HOUSED, agency=agency, by=by)
    return tenancy


def end_tenancy(
    tenancy: Tenancy,
    *,
    ended_on: date,
    reason: str,
    agency: "Agency",
    by: "User | None",
    version: int | None = None,
) -> Tenancy:
    """End the tenancy; an eviction or abandonment puts the person back on the list as at
    risk (outreach confirms whether they are sleeping rough). The home is free to offer again
    (the landlord's page can say otherwise, if it is being sold, say)."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Choose why the tenancy ended."})
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
        if version is not None and tenancy.version != version:
            raise ValidationError(
                "Someone else changed this tenancy while you were looking at it. "
                "Check it again before ending it."
            )
        if tenancy.ended_on is not None:
            raise ValidationError("This tenancy has already ended.")
        if ended_on < tenancy.started_on:
            raise ValidationError({"ended_on": "The end date must be on or after the start date."})
        tenancy.ended_on = ended_on
        tenancy.end_reason = reason
        tenancy.version += 1
        tenancy.save(update_fields=["ended_on", "end_reason", "version"])
        if tenancy.property_id is not None:
            Property.objects.filter(pk=tenancy.property_id).exclude(
                tenancies__ended_on__isnull=True
            ).update(is_available=True)
        if reason in (EndReason.EVICTION, EndReason.ABANDONMENT):
            entry = ByNameEntry.objects.select_for_update().filter(person_id=tenancy.person_id)
            entry = entry.first()
            if entry is not None:
                change_status(entry, ListStatus.AT_RISK, agency=agency, by=by)
    return tenancy


def current_tenancy(person: "Person", on: date | None = None) -> Tenancy | None:
    """The person's tenancy that has started and not ended (the latest, should there be two)."""
    on = on or timezone.localdate()
    return (
        Tenancy.objects.filter(person=person, ended_on__isnull=True, started_on__lte=on)
        .order_by("-started_on", "-recorded_at")
        .first()
    )


@transaction.atomic
def refer_to_panel(
    tenancy: Tenancy,
    *,
    agency: "Agency",
    by: "User | None",
    on: date | None = None,
    version: int | None = None,
) -> Tenancy:
    """Record that the tenancy went to the complex needs panel on `on` (today by default)."""
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    if version is not None and tenancy.version != version:
        raise ValidationError(
            "Someone else changed this tenancy while you were looking at it. Check it again."
        )
    if tenancy.ended_on is not None:
        raise ValidationError("This tenancy has ended.")
    tenancy.complex_needs_panel_on = on or timezone.localdate()
    tenancy.version += 1
    tenancy.save(update_fields=["complex_needs_panel_on", "version"])
    return tenancy


@dataclass
class FlaggedRisk:
    """A risk flag as recorded, and who was alerted (for a benefit sanction)."""

    risk: TenancyRisk
    alerted: list[User] = field(default_factory=list)
    to_lead_worker: bool = False


def sanction_alert_recipients(person: "Person") -> tuple[list[User], bool]:
    """Who a benefit sanction alerts: the lead worker while they still work in the person's
    partnership in a front-line role, else its coordinators. The flag is True for the lead
    worker."""
    lead = person.lead_worker
    if (
        lead is not None
        and lead.is_active
        and Membership.objects.active()
        .filter(user=lead, agency__partnership_id=person.partnership_id, role__in=FRONTLINE_ROLES)
        .exists()
    ):
        return [lead], True
    coordinators = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(agency__partnership_id=person.partnership_id, role=Role.COORDINATOR)
        .values("user_id")
    ).order_by("full_name", "email")
    return list(coordinators), False


def _alert_sanction(tenancy: Tenancy) -> tuple[list[User], bool]:
    recipients, to_lead = sanction_alert_recipients(tenancy.person)
    body = SANCTION_BODY_LEAD if to_lead else SANCTION_BODY_COORDINATOR
    link = reverse("housing:tenancy", args=[tenancy.pk])
    for user in recipients:
        notify(user, title=SANCTION_TITLE, body=body, link=link, email=True)
    return recipients, to_lead


@transaction.atomic
def flag_risk(
    tenancy: Tenancy,
    *,
    kind: str,
    agency: "Agency",
    by: "User | None",
    noted_on: date | None = None,
    details: str = "",
) -> FlaggedRisk:
    """Flag something that puts the tenancy at risk. A benefit sanction alerts the lead worker
    (or the coordinators) at once, in this transaction (see the module docstring)."""
    if kind not in RiskKind.values:
        raise ValidationError({"kind": "Choose what puts the tenancy at risk"})
    noted_on = noted_on or timezone.localdate()
    if noted_on > timezone.localdate():
        raise ValidationError({"noted_on": "The date must be today or in the past"})
    tenancy = Tenancy.objects.select_for_update().select_related("person").get(pk=tenancy.pk)
    if tenancy.ended_on is not None:
        raise ValidationError("This tenancy has ended: risks can no longer be flagged on it.")
    risk = TenancyRisk.objects.create(
        person_id=tenancy.person_id,
        tenancy=tenancy,
        kind=kind,
        noted_on=noted_on,
        details=details.strip(),
        recorded_by_agency=agency,
        recorded_by=by,
    )
    flagged = FlaggedRisk(risk=risk)
    if kind == RiskKind.BENEFIT_SANCTION:
        flagged.alerted, flagged.to_lead_worker = _alert_sanction(tenancy)
    return flagged


@transaction.atomic
def resolve_risk(
    risk: TenancyRisk, *, resolved_on: date, agency: "Agency", by: "User | None"
) -> TenancyRisk:
    """Mark the risk resolved on `resolved_on` (once; a second time is refused)."""
    risk = TenancyRisk.objects.select_for_update().get(pk=risk.pk)
    if risk.resolved_on is not None:
        raise ValidationError("This risk was already marked resolved.")
    if resolved_on < risk.noted_on:
        raise ValidationError(
            {"resolved_on": "The date it was resolved must be on or after the date it was noted"}
        )
    if resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": "The date it was resolved must be today or earlier"})
    risk.resolved_on = resolved_on
    risk.save(update_fields=["resolved_on"])
    return risk


class NoTenancy(Exception):
    """The person has no current tenancy to record a sanction against."""


@transaction.atomic
def notify_benefit_sanction(
    person: "Person", *, sanctioned_on: date, agency: "Agency", by: "User | None"
) -> FlaggedRisk:
    """The DWP's notice that a benefit sanction was applied on `sanctioned_on`: a benefit
    sanction flag on the person's current tenancy, recorded by the DWP agency, which alerts
    the lead worker. Raises NoTenancy when the person has no current tenancy."""
    if agency.type != AgencyType.DWP or agency.partnership_id != person.partnership_id:
        raise ValidationError("Only a DWP agency in the person's partnership notifies sanctions.")
    if sanctioned_on > timezone.localdate():
        raise ValidationError({"sanctioned_on": "The date must be today or in the past"})
    tenancy = current_tenancy(person)
    if tenancy is None:
        raise NoTenancy(NO_TENANCY)
    return flag_risk(
        tenancy,
        kind=RiskKind.BENEFIT_SANCTION,
        agency=agency,
        by=by,
        details=f"Benefit sanction applied on {sanctioned_on:%-d %B %Y}, notified by "
        f"{agency.name}.",
    )
