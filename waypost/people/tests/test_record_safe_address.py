"""A safe address is sealed: only the agency that holds it ever sees it (never through
consent or break-glass), it is left out of print and of the API, and recording a new one
replaces the old."""

from waypost.people.actions import record_safe_address
from waypost.people.models import SafeAddress
from waypost.sharing.models import BreakGlass
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _sealed_person(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    record_safe_address(
        person, line_1="12 Hidden Lane", town="Coventry", postcode="CV1 5FB",
        by=caseworker_user, agency=world.council,
    )  # fmt: skip
    return person


def test_the_holding_agency_sees_it_labelled_sealed_and_not_for_print(
    caseworker_client, caseworker_user, world
):
    person = _sealed_person(world, caseworker_user)
    html = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert "12 Hidden Lane" in html
    assert "Sealed: never print or share" in html
    block = html[html.index('id="safe-address"') - 80 : html.index("12 Hidden Lane")]
    assert "govuk-!-display-none-print" in block


def test_another_agency_never_sees_it_even_with_consent_and_break_glass(
    outreach_client, outreach_user, caseworker_user, world
):
    person = _sealed_person(world, caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    BreakGlass.objects.create(
        user=outreach_user, agency=world.outreach, person=person, reason="Emergency",
        expires_at=BreakGlass.default_expiry(),
    )  # fmt: skip
    page = outreach_client.get(f"/people/{person.pk}/").content.decode()
    api = outreach_client.get(f"/api/v1/people/{person.pk}/").content.decode()
    for content in (page, api):
        assert "Jo" in content  # the rest of the record is open to them
        assert "Hidden Lane" not in content and "CV1 5FB" not in content


def test_the_api_leaves_it_out_even_for_the_holding_agency(
    caseworker_client, caseworker_user, world
):
    person = _sealed_person(world, caseworker_user)
    content = caseworker_client.get(f"/api/v1/people/{person.pk}/").content.decode()
    assert "Hidden Lane" not in content and "CV1 5FB" not in content


def test_recording_a_new_one_replaces_the_old(caseworker_client, caseworker_user, world):
    person = _sealed_person(world, caseworker_user)
    caseworker_client.post(
        f"/people/{person.pk}/safe-address/",
        {"line_1": "3 New Road", "town": "Coventry", "postcode": "CV2 1AA"},
    )
    assert list(SafeAddress.objects.values_list("line_1", flat=True)) == ["3 New Road"]


def test_each_agency_keeps_its_own(outreach_client, outreach_user, caseworker_user, world):
    person = _sealed_person(world, caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    outreach_client.post(
        f"/people/{person.pk}/safe-address/",
        {"line_1": "9 Outreach Row", "town": "Coventry", "postcode": "CV3 1AA"},
    )
    assert SafeAddress.objects.count() == 2
    page = outreach_client.get(f"/people/{person.pk}/").content.decode()
    assert "9 Outreach Row" in page and "Hidden Lane" not in page


def test_a_postcode_must_look_real(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(
        f"/people/{person.pk}/safe-address/",
        {"line_1": "1 Road", "town": "Coventry", "postcode": "not a postcode"},
    )
    assert "Enter a real postcode, like CV1 5FB" in response.content.decode()
    assert not SafeAddress.objects.exists()
