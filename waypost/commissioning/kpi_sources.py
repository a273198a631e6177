"""KPIs Waypost can compute from its own data, each defined once here: its code (stored on the
KPI), name, unit and plain-English definition, and the function that counts it for a
contract's provider agency and a financial quarter.

Each function returns (count, out_of): out_of is None for a count, and the base of the
percentage for a share. People whose processing is restricted are left out of every figure,
as from every report. Nothing about a person leaves this module: only the two numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from waypost.commissioning.models import Contract, Unit
from waypost.housing.models import EndReason, HousingFirstCase, Placement
from waypost.lib.quarters import Quarter
from waypost.outreach.models import ListStatus, StatusChange, StreetContact
from waypost.referrals.models import SUCCESSFUL_DUTY_OUTCOMES, Duty

Counted = tuple[int, int | None]

# Off the street into somewhere to stay (the by-name list's statuses).
ACCOMMODATED = (ListStatus.EMERGENCY, ListStatus.SUPPORTED, ListStatus.HOUSED)
SUSTAINED_DAYS = 365


@dataclass(frozen=True)
class KpiSource:
    code: str
    name: str
    unit: str
    definition: str
    count: Callable[[Contract, Quarter], Counted]


def _bounds(quarter: Quarter) -> tuple[datetime, datetime]:
    """The quarter as aware datetimes in Europe/London, from its first midnight to the next
    quarter's."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(quarter.starts_on, time.min, tzinfo=tz)
    end = datetime.combine(quarter.next().starts_on, time.min, tzinfo=tz)
    return start, end


def _unrestricted(prefix: str = "person") -> Q:
    return Q(**{f"{prefix}__restricted_at__isnull": True})


def street_contacts(contract: Contract, quarter: Quarter) -> Counted:
    start, end = _bounds(quarter)
    contacts = StreetContact.objects.filter(
        partnership_id=contract.partnership_id,
        recorded_by_agency_id=contract.provider_id,
        contacted_at__gte=start,
        contacted_at__lt=end,
    ).filter(Q(person__isnull=True) | _unrestricted())
    return contacts.count(), None


def moved_off_street(contract: Contract, quarter: Quarter) -> Counted:
    start, end = _bounds(quarter)
    moves = StatusChange.objects.filter(
        entry__partnership_id=contract.partnership_id,
        recorded_by_agency_id=contract.provider_id,
        previous_status=ListStatus.ROUGH_SLEEPING,
        status__in=ACCOMMODATED,
        changed_at__gte=start,
        changed_at__lt=end,
    ).filter(_unrestricted())
    return moves.values("person_id").distinct().count(), None


def placements_ended_positively(contract: Contract, quarter: Quarter) -> Counted:
    ended = Placement.objects.filter(
        partnership_id=contract.partnership_id,
        scheme__provider__agency_id=contract.provider_id,
        ended_on__gte=quarter.starts_on,
        ended_on__lte=quarter.ends_on,
    ).filter(_unrestricted())
    return ended.filter(end_reason=EndReason.MOVE_ON).count(), ended.count()


def _anniversary(started_on: date) -> date:
    try:
        return started_on.replace(year=started_on.year + 1)
    except ValueError:  # 29 February
        return started_on + timedelta(days=SUSTAINED_DAYS)


def housing_first_sustained(contract: Contract, quarter: Quarter) -> Counted:
    # Tenancies whose first anniversary falls in the quarter, support from the provider.
    cases = HousingFirstCase.objects.filter(
        partnership_id=contract.partnership_id,
        tenancy__isnull=False,
        tenancy__floating_support_agency_id=contract.provider_id,
        tenancy__started_on__gt=quarter.starts_on - timedelta(days=SUSTAINED_DAYS + 1),
        tenancy__started_on__lte=quarter.ends_on,
    ).filter(_unrestricted())
    due = sustained = 0
    for started_on, ended_on in cases.values_list("tenancy__started_on", "tenancy__ended_on"):
        anniversary = _anniversary(started_on)
        if not quarter.starts_on <= anniversary <= quarter.ends_on:
            continue
        due += 1
        if ended_on is None or ended_on >= anniversary:
            sustained += 1
    return sustained, due


def duty_to_refer_successful(contract: Contract, quarter: Quarter) -> Counted:
    ended = Duty.objects.filter(
        referral__partnership_id=contract.partnership_id,
        referral__lead_agency_id=contract.provider_id,
        ended_on__gte=quarter.starts_on,
        ended_on__lte=quarter.ends_on,
    ).filter(Q(referral__person__isnull=True) | _unrestricted("referral__person"))
    return ended.filter(outcome__in=SUCCESSFUL_DUTY_OUTCOMES).count(), ended.count()


SOURCES: dict[str, KpiSource] = {
    source.code: source
    for source in (
        KpiSource(
            "street_contacts",
            "Street contacts made",
            Unit.COUNT,
            "Contacts on the street the provider’s outreach workers recorded in Waypost in the "
            "quarter, with people known or not yet identified.",
            street_contacts,
        ),
        KpiSource(
            "moved_off_street",
            "People moved off the street into accommodation",
            Unit.COUNT,
            "People whose by-name list status the provider changed from sleeping rough to "
            "emergency, supported or settled accommodation in the quarter, each counted once.",
            moved_off_street,
        ),
        KpiSource(
            "placements_positive",
            "Placements ending in a planned move on",
            Unit.PERCENT,
            "Of the placements in the provider’s schemes that ended in the quarter, the share "
            "that ended with a planned move on (not eviction, abandonment, custody, hospital "
            "or death).",
            placements_ended_positively,
        ),
        KpiSource(
            "housing_first_sustained",
            "Housing First tenancies sustained for 12 months",
            Unit.PERCENT,
            "Of the Housing First tenancies the provider supports that reached their first "
            "anniversary in the quarter, the share still running on that day.",
            housing_first_sustained,
        ),
        KpiSource(
            "duty_to_refer_successful",
            "Duty to Refer duties ending successfully",
            Unit.PERCENT,
            "Of the prevention and relief duties on Duty to Refer referrals the provider leads "
            "that ended in the quarter, the share ending with accommodation secured for 6 "
            "months or more.",
            duty_to_refer_successful,
        ),
    )
}


def computation_choices() -> list[tuple[str, str]]:
    return [(code, source.name) for code, source in SOURCES.items()]


def compute(code: str, contract: Contract, quarter: Quarter) -> Counted:
    """The (count, out_of) of the computed KPI `code` for the contract's provider."""
    return SOURCES[code].count(contract, quarter)
