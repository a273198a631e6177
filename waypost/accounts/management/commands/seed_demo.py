"""Demo data: the two partnerships of the plans, an agency of each type, a user for each role,
their signed information sharing agreements, ID verification criteria and a synthetic cohort of
people (everyone in it is fictional)."""

import random
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
from waypost.audit.models import Section
from waypost.cases.enforcement_demo import seed_enforcement_demo
from waypost.cases.meeting_demo import seed_meetings_demo
from waypost.cases.plan_demo import seed_plans_demo
from waypost.cases.threshold_demo import seed_threshold_demo
from waypost.commissioning.demo import seed_commissioning_demo
from waypost.directory.directory_demo import seed_directory_demo
from waypost.funds.demo import seed_funds_demo
from waypost.housing.housing_first_demo import seed_housing_first_demo
from waypost.housing.placement_demo import seed_placements_demo
from waypost.housing.register_demo import seed_register_demo
from waypost.housing.tenancy_demo import seed_tenancies_demo
from waypost.outreach.contact_demo import seed_contacts_demo
from waypost.outreach.count_demo import seed_counts_demo
from waypost.outreach.list_demo import seed_list_demo
from waypost.people import actions as people
from waypost.people.models import (
    AliasKind,
    BirthDatePrecision,
    ContactKind,
    Ethnicity,
    Gender,
    Identifier,
    IdentifierKind,
    IdVerificationCriterion,
    NoteKind,
    Person,
    SupportNeedKind,
)
from waypost.referrals.demo import seed_alert_demo
from waypost.referrals.referral_demo import seed_referral_demo
from waypost.reporting.practice_demo import seed_practice_notes_demo
from waypost.sharing.actions import publish_agreement, record_sharing_permission, sign_agreement
from waypost.sharing.models import ObtainedHow, PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS, ROLE_SECTIONS
from waypost.strategy.loading import seed_strategy_demo
from waypost.swep.activation_demo import seed_swep_demo
from waypost.swep.sweep_demo import seed_sweep_demo

DEMO_PASSWORD = "waypost-demo-password"  # noqa: S105  (demo accounts only; refused in production)

# Populations from the 2021 census, for rates per 100,000 people.
PARTNERSHIPS = [
    ("Coventry", "coventry", "West Midlands", 345_324),
    ("Birmingham", "birmingham", "West Midlands", 1_144_919),
]

AGENCY_NAMES: dict[str, str] = {
    AgencyType.HOUSING_OPTIONS: "{city} City Council Housing Options",
    AgencyType.OUTREACH: "{city} Street Outreach",
    AgencyType.HOSPITAL: "{city} Hospitals NHS Trust",
    AgencyType.PRIMARY_CARE: "{city} Homeless Health GP Practice",
    AgencyType.MENTAL_HEALTH: "{city} Mental Health Trust",
    AgencyType.DRUG_ALCOHOL: "{city} Drug and Alcohol Service",
    AgencyType.PRISON: "HMP {city} (demo)",
    AgencyType.PROBATION: "{city} Probation Delivery Unit",
    AgencyType.POLICE: "{city} Neighbourhood Policing",
    AgencyType.COMMUNITY_SAFETY: "{city} Community Safety Partnership",
    AgencyType.DWP: "{city} JobCentre Plus",
    AgencyType.CHARITY: "{city} Homeless Support Charity",
    AgencyType.LANDLORD: "{city} Housing Association",
    AgencyType.ACCOMMODATION: "{city} Night Shelter and Hostels",
    AgencyType.OTHER: "{city} Faith and Community Network",
    AgencyType.COMBINED_AUTHORITY: "West Midlands Combined Authority ({city} lead)",
}

# Which agency each demo user works for.
ROLE_AGENCY: dict[str, str] = {
    Role.PARTNERSHIP_ADMIN: AgencyType.HOUSING_OPTIONS,
    Role.COORDINATOR: AgencyType.HOUSING_OPTIONS,
    Role.CASEWORKER: AgencyType.CHARITY,
    Role.OUTREACH_WORKER: AgencyType.OUTREACH,
    Role.REFERRER: AgencyType.HOSPITAL,
    Role.COMMISSIONER: AgencyType.HOUSING_OPTIONS,
    Role.DPO: AgencyType.HOUSING_OPTIONS,
    Role.PROVIDER: AgencyType.ACCOMMODATION,
    Role.REGIONAL: AgencyType.COMBINED_AUTHORITY,
}

ROLE_EMAIL_NAMES: dict[str, str] = {
    Role.PARTNERSHIP_ADMIN: "admin",
    Role.COORDINATOR: "coordinator",
    Role.CASEWORKER: "caseworker",
    Role.OUTREACH_WORKER: "outreach",
    Role.REFERRER: "referrer",
    Role.COMMISSIONER: "commissioner",
    Role.DPO: "dpo",
    Role.PROVIDER: "provider",
    Role.REGIONAL: "regional",
}


# The partnership's agreed checks for vouching for someone with no ID (plan P2.2).
ID_CRITERIA = [
    "The verifier has known the person for at least 6 months",
    "The verifier has seen the person in person in the last 4 weeks",
    "The verifier works for a public body or a registered charity",
    "The person's name and date of birth match the verifier's own records",
]
PEOPLE_PER_PARTNERSHIP = 30
# Demo people carry this id so that seeding again finds them instead of adding more.
DEMO_SYSTEM = "Waypost demo"
GIVEN_NAMES = [
    ("Michael", "Mick"),
    ("David", "Dave"),
    ("Sarah", ""),
    ("James", "Jim"),
    ("Emma", ""),
    ("Daniel", "Danny"),
    ("Aisha", ""),
    ("Thomas", "Tommy"),
    ("Grace", ""),
    ("Robert", "Bob"),
    ("Kieran", ""),
    ("Precious", ""),
    ("Liam", ""),
    ("Zofia", "Zosia"),
    ("Mohammed", "Mo"),
    ("Chloe", ""),
    ("Patrick", "Paddy"),
    ("Nadia", ""),
    ("Connor", ""),
    ("Stephen", "Steve"),
]
FAMILY_NAMES = [
    "Smith", "Murphy", "Khan", "O'Brien", "Kowalski", "Patel", "Walsh", "Begum", "Hughes",
    "Nowak", "Campbell", "Ahmed", "Doherty", "Mensah", "Clarke", "Ionescu", "Byrne", "Hussain",
]  # fmt: skip
NOTE_TEXTS = {
    NoteKind.GENERAL: "Came in to the day centre for breakfast; chatty and in good spirits.",
    NoteKind.CONTACT: "Usually found near the bus station in the early morning.",
    NoteKind.SUPPORT: "Wants help with a Universal Credit claim; has no bank account.",
    NoteKind.HEALTH: "Leg ulcer, dressed by the homeless health nurse on Tuesday.",
    NoteKind.OFFENDING: "Released from custody last year; licence conditions now ended.",
    NoteKind.SAFEGUARDING: "Reports being targeted for money by others on the street.",
    NoteKind.IMMIGRATION: "EU national; pre-settled status to be confirmed with the Home Office.",
    NoteKind.HOUSING: "Was evicted from a private rented flat after rent arrears.",
}


def demo_email(role: str, slug: str) -> str:
    return f"{ROLE_EMAIL_NAMES[role]}@{slug}.example"


class Command(BaseCommand):
    help = "Create or update the demo partnerships, agencies and users (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success")

    @transaction.atomic
    def handle(self, *args: object, quiet: bool = False, **options: object) -> None:
        if not settings.WAYPOST_DEMO:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with "
                "WAYPOST_DEMO=1."
            )
        for city, slug, region, population in PARTNERSHIPS:
            partnership, _ = Partnership.objects.update_or_create(
                slug=slug, defaults={"name": city, "region": region, "population": population}
            )
            agencies = {
                agency_type: Agency.objects.update_or_create(
                    partnership=partnership,
                    type=agency_type,
                    name=name.format(city=city),
                    defaults={"is_active": True},
                )[0]
                for agency_type, name in AGENCY_NAMES.items()
            }
            users = {
                role: self._demo_user(role, city, slug, agencies[ROLE_AGENCY[role]])
                for role in Role
            }
            self._agreement(partnership, agencies, by=users[Role.PARTNERSHIP_ADMIN])
            self._id_criteria(partnership)
            self._people(partnership, agencies, users)
            seed_alert_demo(partnership)
            housing = self._demo_user(
                Role.CASEWORKER,
                city,
                slug,
                agencies[AgencyType.HOUSING_OPTIONS],
                email=f"housing@{slug}.example",
                name=f"Demo housing options caseworker ({city})",
            )
            seed_referral_demo(
                agencies,
                referrer=users[Role.REFERRER],
                housing=housing,
                coordinator=users[Role.COORDINATOR],
            )
            # Street work, case work, then accommodation: each step reads what the ones
            # before made (beds before placements; lead workers before tenancy alerts).
            for seed in (
                seed_contacts_demo,
                seed_list_demo,
                seed_counts_demo,
                seed_threshold_demo,
                seed_plans_demo,
                seed_meetings_demo,
                seed_enforcement_demo,
                seed_register_demo,
                seed_placements_demo,
                seed_tenancies_demo,
                seed_housing_first_demo,
                seed_swep_demo,
                seed_sweep_demo,
                seed_directory_demo,
                seed_practice_notes_demo,
            ):
                seed(partnership, agencies, users)
            seed_strategy_demo(partnership)  # the partnership's own action plan, in full
            seed_funds_demo(partnership)  # giving, reconnection, personal budgets, RSI grant
            seed_commissioning_demo(partnership)  # last: computed KPIs read the demo's work
        if not quiet:
            self.stdout.write(
                f"Demo data ready: {len(PARTNERSHIPS)} partnerships, "
                f"{len(AGENCY_NAMES)} agencies each, {len(Role)} users each "
                f"(password: {DEMO_PASSWORD}), a synthetic cohort of {PEOPLE_PER_PARTNERSHIP} "
                "people each, with their street and case work, accommodation, severe weather, "
                "the service directory, both action plans, commissioned services, funds and "
                "shared practice notes."
            )

    def _demo_user(
        self,
        role: Role,
        city: str,
        slug: str,
        agency: Agency,
        *,
        email: str = "",
        name: str = "",
    ) -> User:
        email = email or demo_email(role, slug)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name or f"Demo {role.label} ({city})", is_demo=True
            )
        if not Membership.objects.active().filter(user=user, agency=agency, role=role).exists():
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    def _agreement(
        self, partnership: Partnership, agencies: dict[str, Agency], *, by: User
    ) -> None:
        """The partnership's information sharing agreement, signed by every agency."""
        today = timezone.localdate()
        agreement = partnership.agreements.filter(version="1.0").first() or publish_agreement(
            partnership.pk,
            version="1.0",
            title=f"{partnership.name} rough sleeping information sharing agreement",
            summary=(
                "Partners share what they know about people sleeping rough, with the person's "
                "consent or a lawful gateway, so that each person tells their story once."
            ),
            starts_on=today - timedelta(days=180),
            by=by,
        )
        for agency in agencies.values():
            sign_agreement(
                agreement,
                agency,
                signatory_name=f"Director, {agency.name}",
                signatory_role="Director",
                signed_on=agreement.starts_on,
                by=by,
            )

    def _id_criteria(self, partnership: Partnership) -> None:
        for position, text in enumerate(ID_CRITERIA, start=1):
            if not IdVerificationCriterion.objects.filter(partnership=partnership, text=text):
                people.add_id_criterion(partnership, text=text, position=position, by=None)

    def _people(
        self, partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
    ) -> None:
        """A synthetic cohort: names, aliases, valid NHS numbers, notes of every kind, some
        people who agreed to share and some who refused, one staff-safety warning and one
        safe address. Seeded from the partnership so every run makes the same people."""
        seeded = set(
            Identifier.objects.filter(
                partnership=partnership, kind=IdentifierKind.SOURCE_ID, system=DEMO_SYSTEM
            ).values_list("value", flat=True)
        )
        rng = random.Random(partnership.slug)
        # Who records each person: the charity's caseworker, the outreach worker, the council.
        recorders = [
            (agencies[AgencyType.CHARITY], users[Role.CASEWORKER]),
            (agencies[AgencyType.OUTREACH], users[Role.OUTREACH_WORKER]),
            (agencies[AgencyType.HOUSING_OPTIONS], users[Role.COORDINATOR]),
        ]
        council, coordinator = recorders[2]
        for number in range(PEOPLE_PER_PARTNERSHIP):
            key = f"demo-{partnership.slug}-{number:02d}"
            details = _demo_details(rng, number)  # drawn every time: the same people each run
            if key in seeded:
                continue
            agency, user = recorders[number % len(recorders)]
            person = people.register_person(
                agency=agency,
                by=user,
                identifiers={
                    IdentifierKind.NHS_NUMBER: details.pop("nhs_number"),
                    IdentifierKind.NI_NUMBER: details.pop("ni_number"),
                },
                **details,
            )
            people.add_identifier(
                person,
                kind=IdentifierKind.SOURCE_ID,
                system=DEMO_SYSTEM,
                value=key,
                by=None,
                agency=agency,
            )
            self._records(person, number, agency, user, council, coordinator)

    def _records(
        self,
        person: Person,
        number: int,
        agency: Agency,
        user: User,
        council: Agency,
        coordinator: User,
    ) -> None:
        if number % 2 == 0:
            alias_kind = [AliasKind.NICKNAME, AliasKind.PREVIOUS_NAME, AliasKind.MISSPELLING][
                number % 3
            ]
            people.add_alias(
                person,
                kind=alias_kind,
                given_name=person.given_name if alias_kind != AliasKind.NICKNAME else "",
                family_name=FAMILY_NAMES[(number * 7) % len(FAMILY_NAMES)],
                by=user,
                agency=agency,
            )
        writes_offending = Section.OFFENDING in _sections_of(user, agency)
        kinds = list(NOTE_TEXTS)
        # A general note each and two of the other kinds in turn: every kind across the cohort.
        for kind in dict.fromkeys([kinds[0], kinds[1 + number % 7], kinds[1 + (number + 3) % 7]]):
            text = NOTE_TEXTS[kind]
            # Outreach workers' role leaves out offending: the council records that note.
            writer, for_agency = (user, agency)
            if kind == NoteKind.OFFENDING and not writes_offending:
                writer, for_agency = coordinator, council
            people.add_note(person, kind=kind, text=text, by=writer, agency=for_agency)
        people.add_support_need(
            person,
            kind=list(SupportNeedKind)[number % len(SupportNeedKind)],
            by=user,
            agency=agency,
        )
        people.add_housing_history(
            person,
            accommodation="Hostel, city centre" if number % 2 else "Private rented flat",
            from_on=date(2019 + number % 4, 1 + number % 12, 1),
            to_on=date(2023, 1 + number % 12, 1),
            reason_left="Asked to leave" if number % 2 else "Rent arrears",
            by=user,
            agency=agency,
        )
        if number % 4 == 0:
            people.add_contact_detail(
                person, kind=ContactKind.PHONE, value=f"07700 900{number:03d}", by=user,
                agency=agency, notes="Text first",
            )  # fmt: skip
        if number % 3 == 0:
            _permission(person, PermissionStatus.GIVEN, user, agency)
        elif number % 3 == 1:
            _permission(person, PermissionStatus.REFUSED, user, agency)
        if number == 0:
            people.add_warning(
                person,
                text="Has been violent to staff when drunk: visit in pairs.",
                by=user,
                agency=agency,
            )
        if number == 3:  # recorded by the charity, where the demo caseworker works
            people.record_safe_address(
                person, line_1="Flat 2, 14 Quiet Street", town=person.partnership.name,
                postcode="CV1 9ZZ", by=user, agency=agency,
            )  # fmt: skip
            care_of = people.add_care_of_address(
                person, hub=agency, address=f"{person.display_name}\nc/o {agency.name}",
                by=user, agency=agency,
            )  # fmt: skip
            people.log_post_item(care_of, description="DWP letter", by=user, agency=agency)
            people.record_id_verification(
                person,
                criteria=IdVerificationCriterion.objects.filter(
                    partnership_id=person.partnership_id
                )[:2],
                verifier_name="Dr Amrit Patel",
                verifier_role="GP",
                verifier_organisation="Homeless Health GP Practice",
                verified_on=timezone.localdate() - timedelta(days=7),
                by=user,
                agency=agency,
            )
        if agency.type == AgencyType.CHARITY:
            people.set_lead_worker(person, lead_worker=user, by=user)


def _sections_of(user: User, agency: Agency) -> frozenset[str]:
    roles = Membership.objects.active().filter(user=user, agency=agency)
    return frozenset().union(*(ROLE_SECTIONS[m.role] for m in roles))


def _permission(person: Person, status: str, user: User, agency: Agency) -> None:
    record_sharing_permission(
        person,
        status=status,
        sections=PERSON_SECTIONS,
        obtained_how=ObtainedHow.VERBAL_WITNESSED,
        witness_name="Demo witness",
        by=user,
        agency=agency,
    )


def _nhs_number(rng: random.Random) -> str:
    """A random NHS number with a valid check digit (from the 999 range, never issued)."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, [*digits, check]))


def _demo_details(rng: random.Random, number: int) -> dict[str, object]:
    """One synthetic person's identity, with dates of birth known to different degrees."""
    given, nickname = GIVEN_NAMES[rng.randrange(len(GIVEN_NAMES))]
    family = FAMILY_NAMES[rng.randrange(len(FAMILY_NAMES))]
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    precision = [
        BirthDatePrecision.EXACT,
        BirthDatePrecision.EXACT,
        BirthDatePrecision.MONTH,
        BirthDatePrecision.YEAR,
        BirthDatePrecision.ESTIMATED,
    ][number % 5]
    today = timezone.localdate()
    age = today.year - born.year
    gender = Gender.WOMAN if given in {"Sarah", "Emma", "Aisha", "Grace", "Precious", "Zofia",
                                       "Nadia", "Chloe"} else Gender.MAN  # fmt: skip
    nhs = _nhs_number(rng)
    ni = f"J{'ABCEGH'[rng.randrange(6)]}{rng.randrange(10**6):06d}{'ABCD'[rng.randrange(4)]}"
    return {
        "given_name": given,
        "family_name": family,
        "preferred_name": nickname if number % 3 == 0 else "",
        "birth_date_precision": precision,
        "birth_date": people.birth_date_from(
            precision,
            day=born.day,
            month=born.month,
            year=born.year,
            estimated_age=age,
            estimated_on=today,
        ),
        "estimated_age_years": age if precision == BirthDatePrecision.ESTIMATED else None,
        "estimated_on": today if precision == BirthDatePrecision.ESTIMATED else None,
        "gender": gender,
        "ethnicity": list(Ethnicity)[rng.randrange(len(Ethnicity))],
        "nationality": "British" if number % 4 else "Polish",
        "first_language": "English" if number % 4 else "Polish",
        "needs_interpreter": number % 4 == 0,
        # Some people have an NHS number on record; fewer know their NI number.
        "nhs_number": nhs if number % 3 != 2 else "",
        "ni_number": ni if number % 4 == 1 else "",
    }
