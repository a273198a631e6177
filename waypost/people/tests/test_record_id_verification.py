"""No ID, no post (plan P2.2): partnership admins keep the agreed criteria; caseworkers record
a named professional's verification against them."""

from datetime import date, timedelta

from waypost.people.models import IdVerification, IdVerificationCriterion
from waypost.testing.people import make_person


def _criterion(partnership, text="Coventry criterion", **fields):
    return IdVerificationCriterion.objects.create(partnership=partnership, text=text, **fields)


def _verification(criteria, **changes):
    today = date.today()
    return {
        "criteria": [c.pk for c in criteria],
        "verifier_name": "Dr Amrit Patel",
        "verifier_role": "GP",
        "verifier_organisation": "Broadgate Health Centre",
        "verified_on_0": str(today.day),
        "verified_on_1": str(today.month),
        "verified_on_2": str(today.year),
        **changes,
    }


def test_a_partnership_admin_adds_and_changes_criteria(admin_client, world):
    response = admin_client.post(
        "/people/id-criteria/", {"text": "Has seen them weekly for a month", "position": "2"}
    )
    assert response.status_code == 302
    criterion = IdVerificationCriterion.objects.get()
    assert (criterion.partnership, criterion.position) == (world.coventry, 2)
    assert (
        "Has seen them weekly for a month"
        in admin_client.get("/people/id-criteria/").content.decode()
    )
    admin_client.post(
        f"/people/id-criteria/{criterion.pk}/", {"text": "Seen weekly", "position": "1"}
    )
    criterion.refresh_from_db()
    assert (criterion.text, criterion.is_active) == ("Seen weekly", False)


def test_other_partnerships_criteria_are_not_theirs(birmingham_admin_client, world):
    criterion = _criterion(world.coventry)
    assert (
        "Coventry criterion"
        not in birmingham_admin_client.get("/people/id-criteria/").content.decode()
    )
    url = f"/people/id-criteria/{criterion.pk}/"
    assert (
        birmingham_admin_client.post(url, {"text": "Changed", "position": "0"}).status_code == 404
    )


def test_only_partnership_admins_manage_criteria(caseworker_client, world):
    assert caseworker_client.get("/people/id-criteria/").status_code == 403
    assert (
        caseworker_client.post("/people/id-criteria/", {"text": "x", "position": "0"}).status_code
        == 403
    )
    assert not IdVerificationCriterion.objects.exists()


def test_a_caseworker_records_a_verification_against_ticked_criteria(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    known, seen = _criterion(world.coventry), _criterion(world.coventry, "Seen them this week")
    _criterion(world.coventry, "No longer agreed", is_active=False)
    url = f"/people/{person.pk}/id-verifications/new/"
    form = caseworker_client.get(url).content.decode()
    assert "Seen them this week" in form and "No longer agreed" not in form
    assert caseworker_client.post(url, _verification([known, seen])).status_code == 302
    verification = IdVerification.objects.get()
    assert set(verification.criteria.all()) == {known, seen}
    assert verification.verifier_name == "Dr Amrit Patel"
    page = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert "Dr Amrit Patel, GP, Broadgate Health Centre" in page


def test_a_verification_needs_criteria_and_a_date_not_in_the_future(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    criterion = _criterion(world.coventry)
    url = f"/people/{person.pk}/id-verifications/new/"
    html = caseworker_client.post(url, _verification([])).content.decode()
    assert "Choose the criteria the verifier checked" in html
    tomorrow = date.today() + timedelta(days=1)
    html = caseworker_client.post(
        url,
        _verification(
            [criterion],
            verified_on_0=str(tomorrow.day),
            verified_on_1=str(tomorrow.month),
            verified_on_2=str(tomorrow.year),
        ),
    ).content.decode()
    assert "The date they verified it must be today or before" in html
    assert not IdVerification.objects.exists()


def test_criteria_of_another_partnership_cannot_be_ticked(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    theirs = _criterion(world.birmingham)
    url = f"/people/{person.pk}/id-verifications/new/"
    assert caseworker_client.post(url, _verification([theirs])).status_code == 200
    assert not IdVerification.objects.exists()
