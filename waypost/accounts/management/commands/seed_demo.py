"""Demo data: the two partnerships of the plans, an agency of each type, a user for each role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User

DEMO_PASSWORD = "waypost-demo-password"  # noqa: S105  (demo accounts only; refused in production)

PARTNERSHIPS = [
    ("Coventry", "coventry", "West Midlands"),
    ("Birmingham", "birmingham", "West Midlands"),
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
    AgencyType.OTHER: "{city} Faith and Community Network",
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
}

ROLE_EMAIL_NAMES: dict[str, str] = {
    Role.PARTNERSHIP_ADMIN: "admin",
    Role.COORDINATOR: "coordinator",
    Role.CASEWORKER: "caseworker",
    Role.OUTREACH_WORKER: "outreach",
    Role.REFERRER: "referrer",
    Role.COMMISSIONER: "commissioner",
    Role.DPO: "dpo",
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
        for city, slug, region in PARTNERSHIPS:
            partnership, _ = Partnership.objects.update_or_create(
                slug=slug, defaults={"name": city, "region": region}
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
            for role in Role:
                self._demo_user(role, city, slug, agencies[ROLE_AGENCY[role]])
        if not quiet:
            self.stdout.write(
                f"Demo data ready: {len(PARTNERSHIPS)} partnerships, "
                f"{len(AGENCY_NAMES)} agencies each, {len(Role)} users each "
                f"(password: {DEMO_PASSWORD})."
            )

    def _demo_user(self, role: Role, city: str, slug: str, agency: Agency) -> None:
        email = demo_email(role, slug)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=f"Demo {role.label} ({city})", is_demo=True
            )
        if not Membership.objects.active().filter(user=user, agency=agency, role=role).exists():
            Membership.objects.create(user=user, agency=agency, role=role)
