"""The person page's links to case work about the person (see waypost/people/person_links.py)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from waypost.audit.models import Section
from waypost.cases.enforcement_access import recording_memberships_for
from waypost.cases.meeting_access import meeting_reach
from waypost.people.person_links import PersonLink, roles_in_partnership
from waypost.sharing.policy import PersonAccess

if TYPE_CHECKING:
    from waypost.accounts.models import Membership
    from waypost.people.models import Person

CASE_ROLES = {"coordinator", "caseworker", "outreach_worker"}


def links_for(
    person: "Person", access: PersonAccess, memberships: Sequence["Membership"]
) -> list[PersonLink]:
    roles = roles_in_partnership(person, memberships)
    links = [PersonLink("Timeline", reverse("cases:timeline", args=[person.pk]))]
    links.append(PersonLink("Support plan", reverse("cases:plan", args=[person.pk])))
    if roles & CASE_ROLES:
        links += [
            PersonLink("Assessments", reverse("cases:assessments", args=[person.pk])),
            PersonLink("Tier and why", reverse("cases:tier", args=[person.pk])),
        ]
    if access.can_see(Section.SUPPORT, person.recorded_by_agency_id) and (
        person.partnership_id in meeting_reach(memberships).see
    ):
        links.append(
            PersonLink(
                "Meetings that discuss them",
                reverse("cases:meeting_person_meetings", args=[person.pk]),
            )
        )
    if recording_memberships_for(memberships, person, access):
        links.append(
            PersonLink("Record enforcement", reverse("cases:enforcement_new", args=[person.pk]))
        )
    if access.can_see_any(Section.OFFENDING):
        links.append(
            PersonLink("Enforcement history", reverse("cases:person_enforcement", args=[person.pk]))
        )
    if access.own_agencies_for(Section.SAFEGUARDING):
        links.append(
            PersonLink(
                "Tell the partnership this person has died",
                reverse("cases:death_new", args=[person.pk]),
            )
        )
    return links
