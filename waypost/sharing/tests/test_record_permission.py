"""Recording a person's sharing permission through the form, and who may."""

import re
import uuid
from datetime import date, timedelta

from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.audit.models import AccessEvent, Section
from waypost.sharing.models import PermissionStatus, SharingPermission
from waypost.sharing.policy import PERSON_SECTIONS, access_for
from waypost.testing.people import give_consent, make_person


def _url(person):
    return reverse("sharing:permission", args=[person.pk])


def _form(**overrides):
    return {
        "status": "given",
        "sections": [s.value for s in PERSON_SECTIONS],
        "scope": "all",
        "obtained_how": "verbal_witnessed",
        "witness_name": "Wren Witness",
        "review_on": (date.today() + timedelta(days=365)).isoformat(),
        **overrides,
    }


def test_the_form_starts_with_every_section_every_signatory_and_a_review_in_a_year(
    person, caseworker_client
):
    page = caseworker_client.get(_url(person)).content.decode()
    ticked = re.findall(r'<input type="checkbox" name="sections" value="(\w+)"[^>]* checked>', page)
    assert ticked == [s.value for s in PERSON_SECTIONS]
    assert 'value="all" checked' in page
    in_a_year = (date.today() + timedelta(days=365)).isoformat()
    assert f'value="{in_a_year}"' in page
    assert "Jo Bloggs" in page


def test_consent_given_with_a_witness_is_stored_and_shared_from_the_next_request(
    world, person, caseworker_client, caseworker_user, outreach_user
):
    assert not access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    response = caseworker_client.post(_url(person), _form())
    assert response.status_code == 302
    assert response.url == reverse("sharing:person", args=[person.pk])
    permission = SharingPermission.objects.get(person=person, is_current=True)
    assert permission.status == PermissionStatus.GIVEN
    assert permission.witness_name == "Wren Witness"
    assert permission.recorded_by == caseworker_user
    assert permission.recorded_by_agency == world.council
    assert permission.review_on == date.today() + timedelta(days=365)
    assert access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)


def test_showing_the_form_is_recorded_in_the_access_log(person, caseworker_client):
    caseworker_client.get(_url(person))
    event = AccessEvent.objects.get(person_id=person.pk)
    assert event.section == Section.IDENTITY
    assert event.route == "sharing:permission"


def test_scope_can_be_limited_to_sections_and_chosen_agencies(
    world, person, caseworker_client, outreach_user, referrer_user
):
    caseworker_client.post(
        _url(person),
        _form(sections=["identity", "contact"], scope="chosen", agencies=[world.hospital.pk]),
    )
    permission = SharingPermission.objects.get(person=person, is_current=True)
    assert not permission.all_agencies
    assert list(permission.agencies.all()) == [world.hospital]
    assert sorted(s.section for s in permission.sections.all()) == ["contact", "identity"]
    assert access_for(referrer_user, person).can_see(Section.CONTACT, world.council.pk)
    assert not access_for(outreach_user, person).can_see(Section.IDENTITY, world.council.pk)


def test_choosing_agencies_without_ticking_any_is_explained(person, caseworker_client):
    response = caseworker_client.post(_url(person), _form(scope="chosen"))
    assert "Select the agencies the person agreed to share with" in response.content.decode()
    assert not SharingPermission.objects.exists()


def test_sharing_with_no_sections_is_explained(person, caseworker_client):
    response = caseworker_client.post(_url(person), _form(sections=[]))
    assert "Select at least one part of the record to share" in response.content.decode()


def test_best_interests_needs_the_decision_and_keeps_what_was_typed(person, caseworker_client):
    response = caseworker_client.post(
        _url(person),
        _form(status="best_interests", obtained_how="not_applicable", witness_name="Kept Name"),
    )
    page = response.content.decode()
    assert "Describe the best-interests decision and who made it" in page
    assert 'href="#id_best_interests_decision"' in page
    assert 'value="Kept Name"' in page
    assert 'value="best_interests" checked' in page
    response = caseworker_client.post(
        _url(person),
        _form(
            status="best_interests",
            obtained_how="not_applicable",
            best_interests_decision="MCA assessment by Dr Patel, 3 March",
        ),
    )
    assert response.status_code == 302
    permission = SharingPermission.objects.get(is_current=True)
    assert permission.best_interests_decision == "MCA assessment by Dr Patel, 3 March"


def test_a_lawful_gateway_needs_the_gateway_and_a_justification(person, caseworker_client):
    response = caseworker_client.post(_url(person), _form(status="gateway"))
    page = response.content.decode()
    assert "Select the lawful gateway for sharing without consent" in page
    assert "Explain why sharing without consent is needed" in page
    caseworker_client.post(
        _url(person),
        _form(
            status="gateway",
            gateway="vital_interests",
            gateway_justification="Found unconscious; hospital needs history",
            obtained_how="not_applicable",
        ),
    )
    assert SharingPermission.objects.get(is_current=True).gateway == "vital_interests"


def test_consent_needs_how_it_was_given(person, caseworker_client):
    response = caseworker_client.post(
        _url(person), _form(obtained_how="verbal_witnessed", witness_name="")
    )
    assert "Enter the name of the witness" in response.content.decode()
    response = caseworker_client.post(_url(person), _form(obtained_how="not_applicable"))
    assert "Select how the person gave their decision" in response.content.decode()
    assert not SharingPermission.objects.exists()


def test_sharing_needs_a_future_review_date(person, caseworker_client):
    response = caseworker_client.post(_url(person), _form(review_on=""))
    assert "Enter a date to review the decision with the person" in response.content.decode()
    response = caseworker_client.post(_url(person), _form(review_on=date.today().isoformat()))
    assert "The review date must be in the future" in response.content.decode()
    assert not SharingPermission.objects.exists()


def test_refusal_stores_no_scope_and_replaces_consent(
    world, person, caseworker_client, caseworker_user
):
    give_consent(person, caseworker_user, world.council)
    caseworker_client.post(_url(person), _form(status="refused", review_on=""))
    current = SharingPermission.objects.get(person=person, is_current=True)
    assert current.status == PermissionStatus.REFUSED
    assert not current.sections.exists()
    assert SharingPermission.objects.filter(person=person).count() == 2


def test_staff_with_several_agencies_say_which_they_record_for(
    world, person, caseworker_client, caseworker_user
):
    Membership.objects.create(user=caseworker_user, agency=world.outreach, role=Role.CASEWORKER)
    response = caseworker_client.post(_url(person), _form())
    assert "Select the agency you are recording this for" in response.content.decode()
    caseworker_client.post(_url(person), _form(agency=world.outreach.pk))
    assert SharingPermission.objects.get().recorded_by_agency == world.outreach


def test_staff_who_cannot_identify_the_person_may_not_record(person, outreach_client):
    # Outreach has signed, so knows the record exists, but cannot see the name.
    assert outreach_client.get(_url(person)).status_code == 403
    assert outreach_client.post(_url(person), _form()).status_code == 403
    assert not SharingPermission.objects.exists()


def test_referrers_and_dpos_may_not_record(
    world, person, caseworker_user, referrer_client, dpo_client
):
    give_consent(person, caseworker_user, world.council)
    for client in (referrer_client, dpo_client):
        assert client.post(_url(person), _form(status="withdrawn")).status_code == 403
    assert SharingPermission.objects.get(is_current=True).status == PermissionStatus.GIVEN


def test_people_who_may_not_know_the_record_exists_get_not_found(
    world, signed, commissioner_client, birmingham_admin_client
):
    person = make_person(world.council)
    for client in (commissioner_client, birmingham_admin_client):
        assert client.get(_url(person)).status_code == 404
        assert client.post(_url(person), _form()).status_code == 404


def test_a_missing_person_is_not_found(caseworker_client):
    url = reverse("sharing:permission", args=[uuid.uuid4()])
    assert caseworker_client.get(url).status_code == 404
