"""A small world for attacking the API: one API token per role and one record of each kind
an operation can read, so generated requests reach success paths and not only 404s."""

from dataclasses import dataclass
from datetime import date

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import Role
from waypost.housing.models import AccommodationKind
from waypost.housing.register_actions import add_provider, add_scheme, add_unit
from waypost.outreach.contact_actions import record_street_contact
from waypost.referrals.actions import set_alert_area
from waypost.referrals.referral_actions import make_referral
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import ROLE_HOMES, World, make_user


@dataclass
class ApiWorld:
    tokens: dict[str, str]  # role -> raw API token of a Coventry user with that role
    # Path and query values of records that exist, by parameter name: sent in place of the
    # generated ones so that reads find something.
    known: dict[str, str]


def make_api_world(world: World) -> ApiWorld:
    """Coventry with every role, a shared person, a referral, a street contact, a night
    shelter with beds and an alert area; Birmingham with a person Coventry may not see."""
    users = {
        role: make_user(
            f"api.{role.replace('_', '.')}@coventry.test",
            agency=getattr(world, home),
            role=role,
        )
        for role, home in ROLE_HOMES.items()
    }
    tokens = {
        role: create_api_token(user=user, name="Schemathesis", by=user)[1]
        for role, user in users.items()
    }
    sign_agreement_for(world.council, world.outreach, world.hospital, world.shelter)
    coordinator = users[Role.COORDINATOR]
    person = make_person(world.council, by=coordinator)
    give_consent(person, coordinator, world.council)
    make_person(world.brum_council, given_name="Bo", family_name="Brummie")

    referral = make_referral(
        by=users[Role.REFERRER],
        agency=world.hospital,
        partnership=world.coventry,
        body_type="hospital_inpatient",
        referrer_phone="024 7696 4000",
        referrer_email="discharge.team@uhcw.example",
        consent_given=True,
        consent_method="verbal",
        consent_given_on=date.today(),
        given_name="Dawn",
        family_name="Hartley",
        date_of_birth=date(1979, 4, 12),
        phone="07700 900123",
        email="",
        contact_method="phone",
        safe_to_leave_message=True,
        contact_notes="On ward 12 until discharge",
        situation="threatened",
        reason="family_friends",
        reason_detail="Her sister can no longer put her up after she leaves hospital.",
    ).referral
    contact = record_street_contact(
        agency=world.outreach,
        by=users[Role.OUTREACH_WORKER],
        person=person,
        bedded_down=True,
        location_detail="Doorway of the old bank",
    )
    provider = add_provider(world.coventry, agency=world.shelter, name="Night Shelter", by=None)
    scheme = add_scheme(
        provider, name="Harnall Lane Shelter", kind=AccommodationKind.NIGHT_SHELTER, by=None
    )
    for n in (1, 2, 3):
        add_unit(scheme, label=f"Bed {n}", by=None)
    set_alert_area(
        world.coventry, districts=[f"CV{n}" for n in range(1, 8)], places=["Coventry"], by=None
    )
    return ApiWorld(
        tokens=tokens,
        known={
            "person_id": str(person.pk),
            "referral_id": str(referral.pk),
            "contact_id": str(contact.pk),
            "partnership": world.coventry.slug,
        },
    )
