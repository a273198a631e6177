"""The live measures the strategy tracker ties its success measures to (registered on start-up).

Each computes one partnership's value for one calendar month (Europe/London) from Waypost's
own records; `None` when there is nothing to measure that month. Aggregates only: a handful of
grouped queries each, never a person's details. Restricted records are not counted.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from waypost.strategy.measures import COUNT, LOWER, PERCENT, Measure, add_months, register


def _month_end(month: date) -> date:
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


# --- Duty to Refer ---------------------------------------------------------------------------
def duty_to_refer_success(partnership: Any, month: date) -> float | None:
    """Of the referrals whose last duty ended in the month (none still open), the share with a
    prevention or relief duty ended by securing accommodation."""
    from waypost.referrals.models import SUCCESSFUL_DUTY_OUTCOMES, Duty, Referral

    still_open = Duty.objects.filter(referral=OuterRef("pk"), ended_on__isnull=True)
    secured = Duty.objects.filter(
        referral=OuterRef("pk"), outcome__in=list(SUCCESSFUL_DUTY_OUTCOMES)
    )
    closed = (
        Referral.objects.counted()
        .filter(partnership=partnership, duties__ended_on__isnull=False)
        .exclude(Exists(still_open))
        .order_by()
        .values("pk")
        .annotate(last_end=Max("duties__ended_on"), won=Exists(secured))
        .filter(last_end__gte=month, last_end__lte=_month_end(month))
    )
    rows = list(closed.values_list("won", flat=True))
    return _share(sum(1 for won in rows if won), len(rows))


# --- Discharge pathways ----------------------------------------------------------------------
def _discharges_housed(partnership: Any, month: date, pathway: str) -> float | None:
    from waypost.referrals.models import Discharge

    rows = Discharge.objects.filter(
        referral__partnership=partnership,
        referral__pathway=pathway,
        discharged_on__gte=month,
        discharged_on__lte=_month_end(month),
    ).exclude(
        Q(referral__person__restricted_at__isnull=False) | Q(referral__closure_reason="duplicate")
    )
    found = list(rows.values_list("accommodation_confirmed", "confirmed_at", "discharged_on"))
    housed = sum(
        1
        for confirmed, at, left_on in found
        if confirmed and at is not None and timezone.localdate(at) <= left_on
    )
    return _share(housed, len(found))


def hospital_discharge_housed(partnership: Any, month: date) -> float | None:
    return _discharges_housed(partnership, month, "hospital")


def prison_release_housed(partnership: Any, month: date) -> float | None:
    return _discharges_housed(partnership, month, "prison")


# --- Outreach ----------------------------------------------------------------------------------
def new_rough_sleepers(partnership: Any, month: date) -> float | None:
    from waypost.outreach.flows import month_flows

    flows = month_flows(partnership, month, month)
    return float(flows[0].new) if flows else None


def _night_figures(partnership_ids: Iterable[Any], until: date) -> dict[Any, list[int]]:
    """Each partnership's submitted single-night figures up to `until`, oldest first: the
    figure given, or the people listed when the count gives none."""
    from waypost.outreach.models import StreetCount

    rows = (
        StreetCount.objects.filter(
            partnership_id__in=list(partnership_ids),
            submitted_at__isnull=False,
            night__lte=until,
        )
        .order_by("partnership_id", "night")
        .annotate(listed=Count("people"))
        .values_list("partnership_id", "total", "listed")
    )
    found: dict[Any, list[int]] = {}
    for pk, total, listed in rows:
        found.setdefault(pk, []).append(total if total is not None else listed)
    return found


def region_rough_sleeping_reduction(partnership: Any, month: date) -> float | None:
    """Across the region's partnerships (or the partnership alone, with no region): the sum of
    each one's latest single-night figure by the end of the month against the sum of each
    one's first, as a percentage reduction."""
    from waypost.accounts.models import Partnership

    region = partnership.region.strip()
    ids = (
        list(Partnership.objects.filter(region=partnership.region).values_list("pk", flat=True))
        if region
        else [partnership.pk]
    )
    figures = _night_figures(ids, _month_end(month))
    first = sum(values[0] for values in figures.values())
    latest = sum(values[-1] for values in figures.values())
    if first == 0:
        return None
    return round(100 * (first - latest) / first, 1)


# --- Housing First -----------------------------------------------------------------------------
def housing_first_sustained(partnership: Any, month: date) -> float | None:
    """People housed through Housing First by the end of the month whose tenancy was still going
    then, or had ended in a planned move on."""
    from waypost.housing.housing_first_figures import counted_cases
    from waypost.housing.models import EndReason

    end = _month_end(month)
    people = (
        counted_cases(partnership.pk)
        .filter(tenancy__isnull=False, tenancy__started_on__lte=end)
        .filter(
            Q(tenancy__ended_on__isnull=True)
            | Q(tenancy__ended_on__gt=end)
            | Q(tenancy__end_reason=EndReason.MOVE_ON)
        )
        .order_by()
        .values("person_id")
        .distinct()
    )
    return float(people.count())


# --- SWEP --------------------------------------------------------------------------------------
def swep_offers_accepted(partnership: Any, month: date) -> float | None:
    """Of the people offered a bed on a SWEP night in the month (their last outcome that night),
    the share who accepted. People not found are not offers."""
    from waypost.swep.models import SweepOutcome, SweepRecord

    rows = (
        SweepRecord.objects.filter(
            activation__partnership=partnership,
            night__gte=month,
            night__lte=_month_end(month),
            person__restricted_at__isnull=True,
        )
        .order_by("recorded_at", "id")
        .values_list("activation_id", "person_id", "night", "outcome")
    )
    latest: dict[tuple[Any, Any, date], str] = {}
    for activation_id, person_id, night, outcome in rows:
        latest[(activation_id, person_id, night)] = outcome
    offers = [o for o in latest.values() if o != SweepOutcome.NOT_FOUND]
    return _share(offers.count(SweepOutcome.ACCEPTED), len(offers))


def _begging_contacts(partnership: Any, first: date, last: date) -> int:
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from waypost.outreach.models import Activity, StreetContact

    # The activities are a JSON list of codes; as text, a code appears in double quotes
    # (SQLite has no JSON "contains").
    return (
        StreetContact.objects.filter(
            partnership=partnership,
            contacted_at__date__gte=first,
            contacted_at__date__lte=last,
        )
        .exclude(person__restricted_at__isnull=False)
        .annotate(codes=Cast("activities", TextField()))
        .filter(codes__contains=f'"{Activity.BEGGING}"')
        .count()
    )


def begging_reduction(partnership: Any, month: date) -> float | None:
    """Street contacts where someone was begging in the 12 months to the end of `month`,
    against the 12 months before: the fall as a percentage of the earlier count."""
    end = _month_end(month)
    year_start = add_months(month, -11)
    recent = _begging_contacts(partnership, year_start, end)
    before = _begging_contacts(
        partnership, add_months(year_start, -12), date.fromordinal(year_start.toordinal() - 1)
    )
    if before == 0:
        return None
    return round(100 * (before - recent) / before, 1)


def register_all() -> None:
    register(
        Measure(
            "duty_to_refer_success",
            "Duty to Refer referrals with a successful intervention",
            PERCENT,
            "Referrals (duplicates left out) whose last prevention or relief duty ended in the "
            "month, with none still open: the share where a duty ended with accommodation "
            "secured for 6 or 12 months or more.",
            duty_to_refer_success,
        )
    )
    register(
        Measure(
            "new_rough_sleepers",
            "People new to rough sleeping",
            COUNT,
            "Identified people seen bedded down in the month and not seen bedded down in the "
            "60 months before, anywhere in the region (the outreach flows' “new”).",
            new_rough_sleepers,
            better=LOWER,
        )
    )
    register(
        Measure(
            "housing_first_sustained",
            "People housed through Housing First, tenancies maintained",
            COUNT,
            "People whose Housing First tenancy had started by the end of the month and was "
            "still going then, or had ended in a planned move on.",
            housing_first_sustained,
        )
    )
    register(
        Measure(
            "hospital_discharge_housed",
            "Hospital discharges with accommodation confirmed",
            PERCENT,
            "Hospital discharge referrals whose person left hospital in the month: the share "
            "with accommodation confirmed by the day they left.",
            hospital_discharge_housed,
        )
    )
    register(
        Measure(
            "prison_release_housed",
            "Prison releases with accommodation confirmed",
            PERCENT,
            "Prison release referrals whose person was released in the month: the share with "
            "accommodation confirmed by the day of release.",
            prison_release_housed,
        )
    )
    register(
        Measure(
            "region_rough_sleeping_reduction",
            "Reduction in rough sleeping across the region",
            PERCENT,
            "Each partnership in the region: its latest submitted single-night figure (street "
            "count, estimate or monthly figure) by the end of the month, against its first. "
            "The reduction is the fall in their sum, as a percentage of the first sum.",
            region_rough_sleeping_reduction,
        )
    )
    register(
        Measure(
            "begging_reduction",
            "Reduction in begging",
            PERCENT,
            "Street contacts where outreach recorded someone begging, in the 12 months to the "
            "end of the month, against the 12 months before: the fall as a percentage of the "
            "earlier count (a rise shows as a negative reduction). Outreach records what "
            "people were doing when met, so this counts begging seen, not every instance.",
            begging_reduction,
        )
    )
    register(
        Measure(
            "swep_offers_accepted",
            "SWEP offers of a bed accepted",
            PERCENT,
            "People offered a bed on a SWEP night in the month (their last outcome that night): "
            "the share who accepted. People looked for and not found are not offers.",
            swep_offers_accepted,
        )
    )
