"""Property test: over roles × agencies × agreement states × permission states × sections,
every read path (read_person, lists, the person page, the API, search, the PDF export) shows
exactly what a small reference model of the policy allows.

Nobody sees what they may not, and everybody sees what they may.
"""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from waypost.accounts.models import Role
from waypost.audit.models import Section
from waypost.people.access import read_person
from waypost.people.actions import add_alias
from waypost.people.models import Note, NoteKind, Person
from waypost.people.search import search_people
from waypost.sharing.models import PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user

AGENCIES = ("council", "outreach", "hospital")
ROLES = tuple(Role.values)
SIGNATURE = ("in_date", "expired", "none")
STATUSES = ("none", *PermissionStatus.values)

# One note kind per section (identity is an alias instead).
SECTION_NOTE = {
    Section.NOTES: NoteKind.GENERAL,
    Section.CONTACT: NoteKind.CONTACT,
    Section.SUPPORT: NoteKind.SUPPORT,
    Section.HEALTH: NoteKind.HEALTH,
    Section.OFFENDING: NoteKind.OFFENDING,
    Section.SAFEGUARDING: NoteKind.SAFEGUARDING,
    Section.IMMIGRATION: NoteKind.IMMIGRATION,
    Section.HOUSING_HISTORY: NoteKind.HOUSING,
}

# The reference model, written from the rules in design.md, independently of policy.py.
REFERENCE_ROLE_SECTIONS = {
    Role.COORDINATOR: set(PERSON_SECTIONS),
    Role.CASEWORKER: set(PERSON_SECTIONS),
    Role.OUTREACH_WORKER: set(PERSON_SECTIONS) - {Section.OFFENDING},
    Role.REFERRER: {Section.IDENTITY, Section.CONTACT, Section.SAFEGUARDING},
    Role.PROVIDER: {
        Section.IDENTITY,
        Section.CONTACT,
        Section.SAFEGUARDING,
        Section.HOUSING_HISTORY,
    },
}
SHARING_STATUSES = {"given", "best_interests", "gateway"}


@dataclass(frozen=True)
class Scenario:
    viewer_role: str
    viewer_agency: str
    person_agency: str
    signatures: dict[str, str]
    status: str
    shared_sections: frozenset[str]
    only_agencies: frozenset[str] | None  # None: every signatory
    record_agencies: dict[str, str]  # section -> agency that recorded that section's record

    def role_sections(self) -> set[str]:
        return REFERENCE_ROLE_SECTIONS.get(self.viewer_role, set())

    def signed(self) -> bool:
        return self.signatures[self.viewer_agency] == "in_date"

    def knows_exists(self) -> bool:
        if not self.role_sections():
            return False
        return self.signed() or self.person_agency == self.viewer_agency

    def shares_with_viewer(self, section: str) -> bool:
        return (
            self.signed()
            and self.status in SHARING_STATUSES
            and section in self.shared_sections
            and (self.only_agencies is None or self.viewer_agency in self.only_agencies)
        )

    def may_see(self, section: str, recorded_by: str) -> bool:
        if section not in self.role_sections():
            return False
        return recorded_by == self.viewer_agency or self.shares_with_viewer(section)


scenarios = st.builds(
    Scenario,
    viewer_role=st.sampled_from(ROLES),
    viewer_agency=st.sampled_from(AGENCIES),
    person_agency=st.sampled_from(AGENCIES),
    signatures=st.fixed_dictionaries({a: st.sampled_from(SIGNATURE) for a in AGENCIES}),
    status=st.sampled_from(STATUSES),
    shared_sections=st.frozensets(st.sampled_from(PERSON_SECTIONS), min_size=1),
    only_agencies=st.none() | st.frozensets(st.sampled_from(AGENCIES), min_size=1),
    record_agencies=st.fixed_dictionaries({s: st.sampled_from(AGENCIES) for s in PERSON_SECTIONS}),
)


def _name(number: int) -> str:
    """A unique, name-like word (search ignores digits): 12 -> "Zabmq..."."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    while number:
        number, digit = divmod(number, len(letters))
        word += letters[digit] + "aeiou"[digit % 5]
    return "Z" + word


def _build(world, scenario: Scenario, counter: list[int]):
    """Create the scenario's people and records; return (viewer, person, {section: text})."""
    counter[0] += 1
    agencies = {a: getattr(world, a) for a in AGENCIES}
    for name, state in scenario.signatures.items():
        if state == "in_date":
            sign_agreement_for(agencies[name])
        elif state == "expired":
            sign_agreement_for(agencies[name], ends_on=date.today() - timedelta(days=1))
    author = make_user(f"author{counter[0]}@example.test", totp=False)
    viewer = make_user(
        f"viewer{counter[0]}@example.test",
        agency=agencies[scenario.viewer_agency],
        role=scenario.viewer_role,
    )
    person = make_person(agencies[scenario.person_agency], given_name=_name(counter[0]))
    texts = {}
    for section in PERSON_SECTIONS:
        agency = agencies[scenario.record_agencies[section]]
        # Unique text per record; the alias is name-like so that search can find it.
        marker = (
            _name(counter[0] + 7_777_777)
            if section == Section.IDENTITY
            else f"marker-{section}-{counter[0]}"
        )
        texts[section] = marker
        if section == Section.IDENTITY:
            add_alias(person, kind="alias", given_name=marker, by=None, agency=agency)
        else:
            Note.objects.create(
                person=person, kind=SECTION_NOTE[section], text=marker, recorded_by_agency=agency
            )
    if scenario.status != "none":
        only = scenario.only_agencies
        give_consent(
            person,
            author,
            agencies[scenario.person_agency],
            status=scenario.status,
            sections=scenario.shared_sections,
            agencies=None if only is None else [agencies[a] for a in sorted(only)],
            best_interests_decision="Best interests meeting",
            gateway="safeguarding",
            gateway_justification="Risk of serious harm",
        )
    return viewer, person, texts


def _shown_markers(read, texts) -> set[str]:
    shown = set()
    for view in read.sections.values():
        for records in view.records.values():
            for record in records:
                shown.add(getattr(record, "text", None) or getattr(record, "given_name", ""))
    return shown & set(texts.values())


def check_read_person(scenario, viewer, person, texts):
    if not scenario.knows_exists():
        with pytest.raises(Http404):
            read_person(viewer, person.pk)
        return
    read = read_person(viewer, person.pk)
    expected = {
        texts[s] for s in PERSON_SECTIONS if scenario.may_see(s, scenario.record_agencies[s])
    }
    assert _shown_markers(read, texts) == expected
    # The person's own identity fields belong to the agency that recorded the person.
    identity = read.sections[Section.IDENTITY]
    assert identity.shows_person_fields == scenario.may_see(
        Section.IDENTITY, scenario.person_agency
    )


def check_lists(scenario, viewer, person, texts):
    listed = Person.objects.visible_to(viewer).filter(pk=person.pk).exists()
    assert listed == scenario.may_see(Section.IDENTITY, scenario.person_agency)


def _signed_in(viewer):
    client = Client()
    client.force_login(viewer)
    return client


def _markers_in(text: str, texts: dict[str, str]) -> set[str]:
    return {m for m in texts.values() if m in text}


def _expected(scenario, texts) -> set[str]:
    return {texts[s] for s in PERSON_SECTIONS if scenario.may_see(s, scenario.record_agencies[s])}


def check_person_page(scenario, viewer, person, texts):
    response = _signed_in(viewer).get(reverse("people:detail", args=[person.pk]))
    if not scenario.knows_exists():
        # Roles with no casework are refused the page outright; others cannot know it exists.
        assert response.status_code == (404 if scenario.role_sections() else 403)
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert _markers_in(html, texts) == _expected(scenario, texts)
    name_visible = scenario.may_see(Section.IDENTITY, scenario.person_agency)
    assert (person.given_name in html) == name_visible


def check_api(scenario, viewer, person, texts):
    response = _signed_in(viewer).get(reverse("api-person", args=[person.pk]))
    if not scenario.knows_exists():
        assert response.status_code in ((404,) if scenario.role_sections() else (403, 404))
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert _markers_in(body, texts) == _expected(scenario, texts)
    assert (person.given_name in body) == scenario.may_see(Section.IDENTITY, scenario.person_agency)


def check_search(scenario, viewer, person, texts):
    may_find = scenario.may_see(Section.IDENTITY, scenario.person_agency)
    assert (person in search_people(viewer, person.given_name)) == may_find
    if not scenario.role_sections():
        return  # the people list is for front-line roles only (403 tested beside the view)
    response = _signed_in(viewer).get(reverse("people:list"), {"q": person.given_name})
    assert (str(person.pk) in response.content.decode()) == may_find
    # An alias is found only by those who may see the alias itself.
    alias = texts[Section.IDENTITY]
    found = person in search_people(viewer, alias)
    assert found == (
        may_find and scenario.may_see(Section.IDENTITY, scenario.record_agencies[Section.IDENTITY])
    )


def check_pdf(scenario, viewer, person, texts):
    response = _signed_in(viewer).get(reverse("people:pdf", args=[person.pk]))
    if not scenario.knows_exists():
        assert response.status_code == (404 if scenario.role_sections() else 403)
        return
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert _markers_in(text, texts) == _expected(scenario, texts)
    assert (person.given_name in text) == scenario.may_see(Section.IDENTITY, scenario.person_agency)


CHECKS = [check_read_person, check_lists, check_person_page, check_api, check_search]


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
def test_every_read_path_matches_the_reference_model(world, scenario):
    _run(world, scenario, CHECKS)


# Rendering a PDF takes a few tenths of a second: fewer examples for the export path.
@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
def test_the_pdf_export_matches_the_reference_model(world, scenario):
    _run(world, scenario, [check_pdf])


def _run(world, scenario, checks):
    counter = [id(scenario) % 10**9]
    with transaction.atomic():
        viewer, person, texts = _build(world, scenario, counter)
        for check in checks:
            check(scenario, viewer, person, texts)
        transaction.set_rollback(True)
