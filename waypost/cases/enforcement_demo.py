"""Demo enforcement and deaths for `seed_demo` (everyone in them is fictional): one community
protection warning recorded with the charter of care met, one dispersal direction recorded by
the coordinator overriding the charter with a reason, and one death with a completed review and
a learning summary published for the partnership board.

Idempotent: a partnership that already has these demo people is left as it is.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.cases import death_actions
from waypost.cases.enforcement_actions import record_enforcement
from waypost.cases.models import EnforcementKind, PlanAction
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus, Offer, StreetContact
from waypost.people import actions as people
from waypost.people.models import BirthDatePrecision, Gender, Identifier, IdentifierKind, Person
from waypost.sharing.actions import record_sharing_permission
from waypost.sharing.models import ObtainedHow, PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS

DEMO_SYSTEM = "Waypost demo (enforcement)"
DEMO_PEOPLE: list[dict[str, Any]] = [
    {"given_name": "Callum", "family_name": "Reid", "birth_year": 1987, "gender": Gender.MAN},
    {"given_name": "Shannon", "family_name": "Price", "birth_year": 1995, "gender": Gender.WOMAN},
    {"given_name": "Terence", "family_name": "Doyle", "birth_year": 1968, "gender": Gender.MAN},
]
LEARNING_SUMMARY = (
    "A man in his fifties who had slept rough on and off for several years died outside in "
    "early winter. Outreach had met him often and he had been offered a hostel bed, which he "
    "turned down because he could not bring his dog. The severe weather protocol was not yet "
    "active on the night he died.\n\n"
    "The partnership will: open the severe weather protocol at a forecast of 1 degree rather "
    "than 0; find at least two emergency beds that accept dogs; and ask the GP practice to "
    "review long-term health conditions for everyone on the by-name list each autumn."
)


def seed_enforcement_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Seed the demo (see the module docstring) into `partnership`, as its demo users."""
    if Identifier.objects.filter(
        partnership=partnership, kind=IdentifierKind.SOURCE_ID, system=DEMO_SYSTEM
    ).exists():
        return
    with transaction.atomic():
        _seed(partnership, agencies, users)


def _seed(partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]) -> None:
    council = agencies[AgencyType.HOUSING_OPTIONS]
    outreach = agencies[AgencyType.OUTREACH]
    coordinator = users[Role.COORDINATOR]
    outreach_worker = users[Role.OUTREACH_WORKER]
    today = timezone.localdate()
    met, overridden, died = (
        _person(partnership, number, details, council, coordinator)
        for number, details in enumerate(DEMO_PEOPLE, start=1)
    )
    for person in (met, overridden, died):
        put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=outreach, by=outreach_worker)

    # Support first: outreach offered a bed and the plan has an action; then a warning.
    _offer(met, outreach, outreach_worker, days_ago=12)
    _plan_action(met, council, coordinator, "Book a housing assessment at the hub")
    record_enforcement(
        met,
        kind=EnforcementKind.CPW,
        taken_on=today - timedelta(days=2),
        details="Community protection warning for repeatedly blocking the entrance to the "
        "multi-storey car park at night, after two requests from security to move.",
        agency=council,
        by=coordinator,
    )
    # No support on record yet: the coordinator overrides the charter, with a reason.
    record_enforcement(
        overridden,
        kind=EnforcementKind.DISPERSAL,
        taken_on=today - timedelta(days=1),
        details="Dispersal direction from the underpass after a fire was lit in a tent.",
        agency=council,
        by=coordinator,
        override_reason="Immediate risk to life from the fire; outreach are visiting "
        "tomorrow to offer support and a bed.",
    )

    # A death, reviewed and its learning published for the board.
    _offer(died, outreach, outreach_worker, days_ago=40)
    review = death_actions.notify_death(
        died,
        died_on=today - timedelta(days=35),
        died_on_approximate=False,
        place_of_death="Outside, near the ring road",
        circumstances="Found by a member of the public early in the morning.",
        how_heard="The police told the outreach team.",
        agency=outreach,
        by=outreach_worker,
    )
    involved_types = (
        AgencyType.OUTREACH,
        AgencyType.HOUSING_OPTIONS,
        AgencyType.PRIMARY_CARE,
        AgencyType.POLICE,
    )
    involved = [agencies[t] for t in involved_types if t in agencies]
    review = death_actions.save_review(
        review,
        version=review.version,
        circumstances="He died of hypothermia on a night below freezing. He had refused a "
        "hostel bed the evening before because he could not bring his dog.",
        agencies_involved=involved,
        learning="Beds that accept dogs were the missing offer. The severe weather protocol "
        "opened a day after the first freezing night.",
        actions="Lower the severe weather trigger to 1 degree (coordinator, by October). "
        "Find two dog-friendly emergency beds (housing options, by November).",
        sar_referred=False,
        sar_referred_on=None,
        sar_reason="Agencies worked together well; the learning is about provision, not "
        "about how agencies worked together.",
        complete=True,
        by=coordinator,
    )
    death_actions.save_summary(
        review, version=review.version, text=LEARNING_SUMMARY, publish=True, by=coordinator
    )


def _person(
    partnership: Partnership, number: int, details: dict[str, Any], agency: Agency, by: User
) -> Person:
    fields = dict(details)
    year = fields.pop("birth_year")
    person = people.create_person(
        agency=agency,
        by=by,
        birth_date=date(year, 1, 1),
        birth_date_precision=BirthDatePrecision.YEAR,
        **fields,
    )
    people.add_identifier(
        person,
        kind=IdentifierKind.SOURCE_ID,
        system=DEMO_SYSTEM,
        value=f"enforcement-{partnership.slug}-{number}",
        by=None,
        agency=agency,
    )
    record_sharing_permission(
        person,
        status=PermissionStatus.GIVEN,
        sections=PERSON_SECTIONS,
        obtained_how=ObtainedHow.VERBAL_WITNESSED,
        witness_name="Demo witness",
        by=by,
        agency=agency,
    )
    return person


def _offer(person: Person, agency: Agency, by: User, *, days_ago: int) -> None:
    StreetContact.objects.create(
        partnership_id=person.partnership_id,
        person=person,
        contacted_at=timezone.now() - timedelta(days=days_ago),
        bedded_down=True,
        offered=[Offer.ACCOMMODATION, Offer.FOOD, Offer.HEALTH],
        recorded_by_agency=agency,
        recorded_by=by,
    )


def _plan_action(person: Person, agency: Agency, by: User, text: str) -> None:
    PlanAction.objects.create(
        person=person,
        recorded_by_agency=agency,
        recorded_by=by,
        recorded_at=timezone.now() - timedelta(days=20),
        text=text,
        owner_agency=agency,
        owner=by,
        due_on=timezone.localdate() + timedelta(days=7),
    )
