"""Demo placements for `seed_demo` (everyone in them is fictional), after the demo register:
housing needs for a few people on the by-name list (a couple, someone with a dog, someone who
needs step-free access), then about six of them placed in free beds that suit them (the couple
together), one moved on to somewhere longer term and one who abandoned their bed.

Beds are chosen by waypost.housing.suitability, as the suitable beds page chooses them, and
placed with place_person, so the register, the board and room for all stay in step.
Idempotent: a partnership that already has the demo placements (or needs) is left as it is;
one with no demo register is left alone.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.housing.demand import without_accommodation
from waypost.housing.models import (
    AccommodationKind,
    EndReason,
    HousingNeeds,
    Placement,
    SupportLevel,
    Unit,
)
from waypost.housing.placement_access import free_units, person_facts
from waypost.housing.placement_actions import end_placement, place_person, record_housing_needs
from waypost.housing.suitability import Fit, suitable
from waypost.people.models import Person
from waypost.sharing.policy import ALL, PersonAccess

DEMO_MARK = "(demo placement)"  # in every demo placement's notes, to find them again
NEEDS_MARK = "(demo housing needs)"
PLACED_PEOPLE = 6
# Days ago each placed person moved in, in order.
STARTED_DAYS_AGO = [12, 12, 30, 9, 5, 1]
MOVED_ON_DAYS_AGO = 4
ABANDONED_DAYS_AGO = 2
# Off the street into an emergency bed first; moving on, somewhere to stay longer.
OFF_STREET = frozenset({AccommodationKind.NIGHT_SHELTER, AccommodationKind.EMERGENCY})
MOVE_ON = frozenset({AccommodationKind.HOSTEL, AccommodationKind.SUPPORTED})


def _everything(person: Person) -> PersonAccess:
    """The seeding command sees the whole record (it is the system, not a user)."""
    return PersonAccess(person_id=person.pk, knows_exists=True, shared=ALL)


def _record_needs(cohort: list[Person], agency: Agency, by: User) -> None:
    if len(cohort) < 4:
        return
    first, second, dog, access = cohort[:4]
    for person, partner in ((first, second), (second, first)):
        record_housing_needs(
            person,
            agency=agency,
            by=by,
            couple=True,
            partner=partner,
            notes=f"Together for years; will not stay apart. {NEEDS_MARK}",
        )
    record_housing_needs(
        dog, agency=agency, by=by, pet=True, notes=f"Has a Staffy called Bruno. {NEEDS_MARK}"
    )
    record_housing_needs(
        access,
        agency=agency,
        by=by,
        step_free=True,
        support_level=SupportLevel.MEDIUM,
        notes=f"Walks with a stick after a fall. {NEEDS_MARK}",
    )


def _best_bed(
    person: Person,
    provider_agency: Agency,
    *,
    exclude: Any = None,
    prefer: frozenset[str] = frozenset(),
) -> tuple[Fit | None, Any]:
    """The best free bed of the demo provider for the person, as the suitable beds page would
    offer it (their partner's room first for a couple), of the `prefer` kinds when one
    suits."""
    today = timezone.localdate()
    facts = person_facts(person, _everything(person), today)
    partner_unit = None
    if facts.needs is not None and facts.needs.partner_id:
        partner_unit = (
            Placement.objects.filter(person_id=facts.needs.partner_id, ended_on__isnull=True)
            .values_list("unit_id", flat=True)
            .first()
        )
    units = [
        u
        for u in free_units(person.partnership_id, today=today, partner_unit_id=partner_unit)
        if u.scheme.provider.agency_id == provider_agency.pk and u.pk != exclude
    ]
    fits = suitable(facts.facts, units, swep=None)
    if not (facts.facts.couple and fits):
        fits = [f for f in fits if f.unit.scheme.kind in prefer] + [
            f for f in fits if f.unit.scheme.kind not in prefer
        ]
    return (fits[0] if fits else None), facts


def _place(
    person: Person, provider_agency: Agency, agency: Agency, by: User, days_ago: int, **more: Any
) -> Placement | None:
    fit, _ = _best_bed(person, provider_agency, **more)
    if fit is None:
        return None
    started = timezone.localdate() - timedelta(days=days_ago)
    longest = fit.unit.scheme.max_stay_days
    return place_person(
        person,
        Unit.objects.get(pk=fit.unit.pk),
        agency=agency,
        by=by,
        started_on=started,
        expected_end_on=started + timedelta(days=longest) if longest else None,
        notes=f"Referred by outreach; settled in well. {DEMO_MARK}",
    )


def seed_placements_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Housing needs and placements for some of `partnership`'s demo people (see above)."""
    provider_agency = agencies.get(AgencyType.ACCOMMODATION)
    if (
        provider_agency is None
        or not Unit.objects.filter(
            scheme__partnership=partnership, scheme__provider__agency=provider_agency
        ).exists()
    ):
        return
    agency, by = agencies[AgencyType.OUTREACH], users[Role.OUTREACH_WORKER]
    cohort = list(
        Person.objects.filter(
            pk__in=without_accommodation(partnership.pk).values("person_id")
        ).order_by("created_at", "pk")[: PLACED_PEOPLE + 4]
    )
    if not HousingNeeds.objects.filter(
        person__partnership=partnership, notes__endswith=NEEDS_MARK
    ).exists():
        _record_needs(cohort, agency, by)
    if Placement.objects.filter(partnership=partnership, notes__endswith=DEMO_MARK).exists():
        return
    placed: list[Placement] = []
    for person in cohort:
        if len(placed) == PLACED_PEOPLE:
            break
        placement = _place(
            person, provider_agency, agency, by, STARTED_DAYS_AGO[len(placed)], prefer=OFF_STREET
        )
        if placement is not None:
            placed.append(placement)
    today = timezone.localdate()
    # Two who came in off the street: one moves on to a longer stay, one abandons their bed.
    off_street = [p for p in placed if p.scheme.kind in OFF_STREET]
    if off_street:
        moved = end_placement(
            off_street[0],
            ended_on=max(off_street[0].started_on, today - timedelta(days=MOVED_ON_DAYS_AGO)),
            reason=EndReason.MOVE_ON,
            agency=agency,
            by=by,
            notes="Moved on to a longer stay.",
        )
        _place(
            moved.person,
            provider_agency,
            agency,
            by,
            (today - moved.ended_on).days,
            exclude=moved.unit_id,
            prefer=MOVE_ON,
        )
    if len(off_street) > 1:
        end_placement(
            off_street[1],
            ended_on=max(off_street[1].started_on, today - timedelta(days=ABANDONED_DAYS_AGO)),
            reason=EndReason.ABANDONMENT,
            agency=agency,
            by=by,
            notes="Left their things and has not been back; outreach are looking for them.",
        )
