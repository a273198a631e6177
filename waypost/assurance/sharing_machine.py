"""A small multi-agency world for driving sharing decisions over time: one person recorded by
Coventry Housing Options, marker text in every section of their record, staff at four
Coventry agencies (three signed the agreement, the night shelter did not) and one in
Birmingham, a partnership admin who ends memberships, and data protection officers.

Markers are capital letters only (as in `canaries`), so escaping and case changes leave them
whole; each marks one section of the record and the agency that recorded it.
"""

from dataclasses import dataclass

from waypost.accounts.models import Agency, Role, User
from waypost.audit.models import Section
from waypost.people.actions import add_alias, add_note
from waypost.people.models import NOTE_SECTIONS, Person
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import make_person, sign_agreement_for
from waypost.testing.personas import make_user, make_world

# Agency keys. The person's partnership is Coventry; Birmingham is another partnership.
COUNCIL = "council"
OUTREACH = "outreach"
HOSPITAL = "hospital"
SHELTER = "shelter"
BRUM = "brum"
COVENTRY_AGENCIES = (COUNCIL, OUTREACH, HOSPITAL, SHELTER)
ALL_AGENCIES = (*COVENTRY_AGENCIES, BRUM)
SIGNED_AGENCIES = frozenset({COUNCIL, OUTREACH, HOSPITAL})
RECORDING_AGENCY = COUNCIL

# Staff whose memberships the state machine ends and renews: user key -> (agency, role).
STAFF: dict[str, tuple[str, str]] = {
    "council_caseworker": (COUNCIL, Role.CASEWORKER),
    "outreach_caseworker": (OUTREACH, Role.CASEWORKER),
    "outreach_worker": (OUTREACH, Role.OUTREACH_WORKER),
    "hospital_referrer": (HOSPITAL, Role.REFERRER),
    "shelter_provider": (SHELTER, Role.PROVIDER),
    "brum_caseworker": (BRUM, Role.CASEWORKER),
}
# Data protection officers: told of break-glass at their agency, never see casework.
OFFICERS: dict[str, str] = {"council_dpo": COUNCIL, "outreach_dpo": OUTREACH}

# The person's own name (identity fields recorded by the council), searched by family name.
GIVEN_NAME = "Quillon"
FAMILY_NAME = "Stateworth"
# The one record another agency made: outreach's own support note.
OUTREACH_SUPPORT_MARKER = "STATEFULSUPPORTBYOUTREACH"


def council_marker(section: str) -> str:
    return "STATEFUL" + section.upper().replace("_", "") + "BYCOUNCIL"


@dataclass
class SharingWorld:
    agencies: dict[str, Agency]
    users: dict[str, User]
    admin: User  # partnership admin at the council: ends and adds memberships
    recorder: User  # coordinator at the council: records the person's sharing decisions
    person: Person
    # marker -> (section, key of the agency that recorded it)
    markers: dict[str, tuple[Section, str]]


def build_sharing_world() -> SharingWorld:
    """Create the world described in the module docstring; no sharing permission yet."""
    world = make_world()
    agencies = {
        COUNCIL: world.council,
        OUTREACH: world.outreach,
        HOSPITAL: world.hospital,
        SHELTER: world.shelter,
        BRUM: world.brum_council,
    }
    sign_agreement_for(*(agencies[key] for key in sorted(SIGNED_AGENCIES)))
    users = {
        key: make_user(f"{key.replace('_', '.')}@stateful.test", agency=agencies[a], role=role)
        for key, (a, role) in STAFF.items()
    }
    for key, agency in OFFICERS.items():
        users[key] = make_user(
            f"{key.replace('_', '.')}@stateful.test", agency=agencies[agency], role=Role.DPO
        )
    admin = make_user("admin@stateful.test", agency=world.council, role=Role.PARTNERSHIP_ADMIN)
    recorder = make_user("recorder@stateful.test", agency=world.council, role=Role.COORDINATOR)
    person = make_person(world.council, by=recorder, given_name=GIVEN_NAME, family_name=FAMILY_NAME)
    markers = _plant_records(person, recorder, agencies, users["outreach_caseworker"])
    return SharingWorld(agencies, users, admin, recorder, person, markers)


def _plant_records(
    person: Person, recorder: User, agencies: dict[str, Agency], outreach_user: User
) -> dict[str, tuple[Section, str]]:
    markers: dict[str, tuple[Section, str]] = {}
    alias = council_marker(Section.IDENTITY)
    add_alias(person, kind="alias", given_name=alias, by=recorder, agency=agencies[COUNCIL])
    markers[alias] = (Section.IDENTITY, COUNCIL)
    kinds = {section: kind for kind, section in NOTE_SECTIONS.items()}
    for section in PERSON_SECTIONS:
        if section == Section.IDENTITY:
            continue
        text = council_marker(section)
        add_note(person, kind=kinds[section], text=text, by=recorder, agency=agencies[COUNCIL])
        markers[text] = (section, COUNCIL)
    add_note(
        person,
        kind=kinds[Section.SUPPORT],
        text=OUTREACH_SUPPORT_MARKER,
        by=outreach_user,
        agency=agencies[OUTREACH],
    )
    markers[OUTREACH_SUPPORT_MARKER] = (Section.SUPPORT, OUTREACH)
    return markers
