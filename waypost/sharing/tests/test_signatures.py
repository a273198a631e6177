"""Recording, changing and ending an agency's signature, and what it does to access."""

from datetime import date, timedelta

from django.urls import reverse

from waypost.sharing.models import AgreementSignature
from waypost.sharing.policy import access_for
from waypost.testing.people import make_person, sign_agreement_for


def _signature_url(agreement, agency):
    return reverse("sharing:signature", args=[agreement.pk, agency.pk])


def _form(**overrides):
    return {
        "signatory_name": "Olu Adeyemi",
        "signatory_role": "Head of outreach",
        "signed_on": (date.today() - timedelta(days=1)).isoformat(),
        "ends_on": "",
        **overrides,
    }


def test_recording_a_signature_lets_the_agency_know_of_other_agencies_records(
    world, admin_client, outreach_user
):
    agreement = sign_agreement_for(world.council)
    person = make_person(world.council)
    assert not access_for(outreach_user, person).knows_exists
    response = admin_client.post(_signature_url(agreement, world.outreach), _form())
    assert response.status_code == 302
    signature = AgreementSignature.objects.get(agency=world.outreach)
    assert signature.signatory_name == "Olu Adeyemi"
    assert access_for(outreach_user, person).knows_exists


def test_changing_a_signature_keeps_one_row_and_shows_the_old_details(world, admin_client):
    agreement = sign_agreement_for(world.council, world.outreach)
    page = admin_client.get(_signature_url(agreement, world.outreach)).content.decode()
    assert 'value="Sam Signer"' in page
    admin_client.post(_signature_url(agreement, world.outreach), _form(signatory_role="CEO"))
    signature = AgreementSignature.objects.get(agency=world.outreach)
    assert signature.signatory_role == "CEO"


def test_a_signature_cannot_be_dated_in_the_future(world, admin_client):
    agreement = sign_agreement_for(world.council)
    response = admin_client.post(
        _signature_url(agreement, world.outreach),
        _form(signed_on=(date.today() + timedelta(days=1)).isoformat()),
    )
    assert "The date signed must be today or in the past" in response.content.decode()
    assert 'value="Olu Adeyemi"' in response.content.decode()
    assert not AgreementSignature.objects.filter(agency=world.outreach).exists()


def test_missing_details_are_each_explained(world, admin_client):
    agreement = sign_agreement_for(world.council)
    response = admin_client.post(
        _signature_url(agreement, world.outreach), _form(signatory_name="", signed_on="")
    )
    page = response.content.decode()
    assert "Enter the name of the person who signed" in page
    assert "Enter the date it was signed" in page


def test_ending_a_signature_now_stops_sharing_on_the_next_request(
    world, admin_client, outreach_user
):
    agreement = sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council)
    assert access_for(outreach_user, person).knows_exists
    url = reverse("sharing:signature_end", args=[agreement.pk, world.outreach.pk])
    assert "End signature" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"when": "now"})
    assert response.status_code == 302
    signature = AgreementSignature.objects.get(agency=world.outreach)
    assert signature.ends_on == date.today() - timedelta(days=1)
    assert not access_for(outreach_user, person).knows_exists
    page = admin_client.get(reverse("sharing:agreements")).content.decode()
    unsigned = page.split('aria-label="Agencies with no in-date signature"')[1].split("</ul>")[0]
    assert "Coventry Outreach" in unsigned


def test_ending_a_signature_later_needs_a_date_not_in_the_past(world, admin_client):
    agreement = sign_agreement_for(world.council, world.outreach)
    url = reverse("sharing:signature_end", args=[agreement.pk, world.outreach.pk])
    response = admin_client.post(url, {"when": "later", "ends_on": ""})
    assert "Enter the last day the signature applies" in response.content.decode()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = admin_client.post(url, {"when": "later", "ends_on": yesterday})
    assert "The last day must be today or later" in response.content.decode()
    later = date.today() + timedelta(days=30)
    admin_client.post(url, {"when": "later", "ends_on": later.isoformat()})
    assert AgreementSignature.objects.get(agency=world.outreach).ends_on == later


def test_only_the_partnerships_admins_may_change_signatures(
    world, coordinator_client, birmingham_admin_client
):
    agreement = sign_agreement_for(world.council, world.outreach)
    sign_url = _signature_url(agreement, world.hospital)
    end_url = reverse("sharing:signature_end", args=[agreement.pk, world.outreach.pk])
    assert coordinator_client.post(sign_url, _form()).status_code == 403
    assert coordinator_client.post(end_url, {"when": "now"}).status_code == 403
    assert birmingham_admin_client.post(sign_url, _form()).status_code == 404
    assert birmingham_admin_client.post(end_url, {"when": "now"}).status_code == 404
    assert not AgreementSignature.objects.filter(agency=world.hospital).exists()
    assert AgreementSignature.objects.get(agency=world.outreach).ends_on is None


def test_an_agency_of_another_partnership_cannot_sign(world, admin_client):
    agreement = sign_agreement_for(world.council)
    response = admin_client.post(_signature_url(agreement, world.brum_council), _form())
    assert response.status_code == 404


def test_ending_a_signature_that_does_not_exist_is_not_found(world, admin_client):
    agreement = sign_agreement_for(world.council)
    url = reverse("sharing:signature_end", args=[agreement.pk, world.hospital.pk])
    assert admin_client.post(url, {"when": "now"}).status_code == 404
