"""Who sees an assessment, and which of its answers: the recording agency sees all of it;
another agency sees it only with the person's sharing permission, and each answer only when it
may see the answer's section (no health answers without health). Hidden domains say so
plainly. Referrers (no support section) are refused; other partnerships get 404."""

import pytest

from waypost.audit.models import AccessEvent, Section
from waypost.cases.models import Domain
from waypost.cases.tests.test_assessment_record import assess
from waypost.people.actions import add_note
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent, make_person, sign_agreement_for


@pytest.fixture
def person(world, caseworker_user):
    return make_person(world.council, by=caseworker_user)


@pytest.fixture
def assessment(person, world, caseworker_user):
    return assess(
        person,
        caseworker_user,
        world.council,
        {Domain.MENTAL_HEALTH: 3, Domain.FINANCES: 2, Domain.OFFENDING: 1},
        details={
            Domain.MENTAL_HEALTH: "Hears voices at night",
            Domain.FINANCES: "Owes rent arrears",
            Domain.OFFENDING: "On licence",
        },
    )


@pytest.fixture
def shared_but_health(person, world, caseworker_user):
    """The outreach team signed the agreement; the person agreed to share all but health."""
    sign_agreement_for(world.council, world.outreach)
    give_consent(
        person,
        caseworker_user,
        world.council,
        sections=[s for s in PERSON_SECTIONS if s != Section.HEALTH],
    )


def _detail(person, assessment):
    return f"/cases/people/{person.pk}/assessments/{assessment.pk}/"


def test_the_recording_agency_sees_every_answer(caseworker_client, person, assessment):
    response = caseworker_client.get(_detail(person, assessment))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Hears voices at night", "Owes rent arrears", "On licence", "High", "Medium"):
        assert text in html
    assert "not shown" not in html


def test_without_health_permission_mental_health_answers_are_hidden(
    outreach_client, outreach_user, person, assessment, shared_but_health
):
    response = outreach_client.get(_detail(person, assessment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Owes rent arrears" in html
    assert "Hears voices at night" not in html
    assert "<strong>Physical health, Mental health, Drugs and alcohol</strong>: not shown" in html
    assert "in the health section of the record, which you cannot see" in html
    # An outreach worker's role has no offending section, whatever was shared.
    assert "On licence" not in html
    assert "<strong>Offending</strong>: not shown" in html
    shown = set(
        AccessEvent.objects.filter(user=outreach_user, subject_type="assessment").values_list(
            "section", flat=True
        )
    )
    assert shown == {Section.SUPPORT}


def test_the_access_log_names_each_section_shown(
    caseworker_client, caseworker_user, person, assessment
):
    caseworker_client.get(_detail(person, assessment))
    shown = set(
        AccessEvent.objects.filter(
            user=caseworker_user, subject_type="assessment", subject_id=str(assessment.pk)
        ).values_list("section", flat=True)
    )
    assert shown == {Section.SUPPORT, Section.HEALTH, Section.OFFENDING}


def test_without_any_sharing_another_agency_cannot_open_it(
    outreach_client, person, assessment, world
):
    sign_agreement_for(world.council, world.outreach)  # knows the record exists, no consent
    assert outreach_client.get(_detail(person, assessment)).status_code == 404
    listing = outreach_client.get(f"/cases/people/{person.pk}/assessments/")
    assert listing.status_code == 200
    assert "There are no assessments you can see" in listing.content.decode()


def test_an_agency_that_does_not_know_the_person_gets_404(outreach_client, person, assessment):
    # No signed agreement: the outreach team may not even know the record exists.
    assert outreach_client.get(_detail(person, assessment)).status_code == 404
    assert outreach_client.get(f"/cases/people/{person.pk}/assessments/").status_code == 404
    assert outreach_client.get(f"/cases/people/{person.pk}/assessments/new/").status_code == 404


def test_referrers_are_refused(referrer_client, person, assessment, world, caseworker_user):
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    for url in (
        _detail(person, assessment),
        f"/cases/people/{person.pk}/assessments/",
        f"/cases/people/{person.pk}/assessments/new/",
        f"/cases/people/{person.pk}/tier/",
    ):
        assert referrer_client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["commissioner_client", "dpo_client", "admin_client"])
def test_roles_without_casework_are_refused(request, persona, person, assessment):
    client = request.getfixturevalue(persona)
    assert client.get(_detail(person, assessment)).status_code == 403
    assert client.get(f"/cases/people/{person.pk}/assessments/new/").status_code == 403


def test_another_partnership_gets_404(world, person, assessment):
    from waypost.accounts.models import Role
    from waypost.cases.tests.test_tier_page import client_for
    from waypost.testing.personas import make_user

    brum = client_for(
        make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    )
    assert brum.get(_detail(person, assessment)).status_code == 404
    assert brum.get(f"/cases/people/{person.pk}/tier/").status_code == 404


def test_an_assessment_of_someone_else_is_not_found(
    caseworker_client, world, caseworker_user, assessment
):
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    assert caseworker_client.get(_detail(other, assessment)).status_code == 404


def test_the_list_shows_the_assessments_the_user_may_see(
    caseworker_client, person, assessment, caseworker_user, world
):
    html = caseworker_client.get(f"/cases/people/{person.pk}/assessments/").content.decode()
    assert _detail(person, assessment) in html
    assert "Coventry Housing Options" in html


def test_pages_cost_the_same_queries_however_many_answers_and_assessments(
    caseworker_client, person, caseworker_user, world, django_assert_max_num_queries
):
    add_note(person, kind="general", text="Hello", by=caseworker_user, agency=world.council)
    one = assess(person, caseworker_user, world.council, {Domain.FINANCES: 1})
    with django_assert_max_num_queries(30) as first:
        caseworker_client.get(_detail(person, one))
    with django_assert_max_num_queries(30) as first_list:
        caseworker_client.get(f"/cases/people/{person.pk}/assessments/")
    many = assess(person, caseworker_user, world.council, {d: 2 for d in Domain.values})
    for _ in range(5):
        assess(person, caseworker_user, world.council, {d: 1 for d in Domain.values})
    # Each section shown is one access-log row: more sections, a few more inserts, no more.
    with django_assert_max_num_queries(len(first.captured_queries) + len(Section) - 1):
        caseworker_client.get(_detail(person, many))
    with django_assert_max_num_queries(len(first_list.captured_queries)):
        caseworker_client.get(f"/cases/people/{person.pk}/assessments/")
