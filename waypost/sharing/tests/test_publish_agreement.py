"""Partnership admins publish new versions of the agreement; nobody else can."""

from datetime import date, timedelta

from django.urls import reverse

from waypost.sharing.models import SharingAgreement
from waypost.testing.people import sign_agreement_for


def _form(**overrides):
    return {
        "partnership": "",
        "version": "2.0",
        "title": "Coventry information sharing agreement",
        "summary": "Who shares what",
        "starts_on": (date.today() + timedelta(days=7)).isoformat(),
        "ends_on": "",
        "supersede": "on",
        **overrides,
    }


def test_an_admin_publishes_a_version_that_supersedes_the_one_in_force(world, admin_client):
    old = sign_agreement_for(world.council)
    starts_on = date.today() + timedelta(days=7)
    response = admin_client.post(
        reverse("sharing:agreement_publish"), _form(partnership=world.coventry.pk)
    )
    new = SharingAgreement.objects.get(version="2.0")
    assert response.status_code == 302
    assert response.url == reverse("sharing:agreement", args=[new.pk])
    assert new.partnership == world.coventry
    assert new.starts_on == starts_on
    old.refresh_from_db()
    assert old.ends_on == starts_on - timedelta(days=1)


def test_without_superseding_the_old_version_stays_in_force(world, admin_client):
    old = sign_agreement_for(world.council)
    form = _form(partnership=world.coventry.pk)
    del form["supersede"]
    admin_client.post(reverse("sharing:agreement_publish"), form)
    old.refresh_from_db()
    assert old.ends_on is None


def test_a_version_number_cannot_be_used_twice(world, admin_client):
    sign_agreement_for(world.council)
    response = admin_client.post(
        reverse("sharing:agreement_publish"), _form(partnership=world.coventry.pk, version="1.0")
    )
    assert response.status_code == 200
    assert "Version 1.0 already exists. Enter a new one" in response.content.decode()
    assert 'value="Coventry information sharing agreement"' in response.content.decode()
    assert SharingAgreement.objects.count() == 1


def test_the_end_date_cannot_be_before_the_start(world, admin_client):
    form = _form(partnership=world.coventry.pk, ends_on=date.today().isoformat())
    response = admin_client.post(reverse("sharing:agreement_publish"), form)
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_an_admin_cannot_publish_for_another_partnership(world, admin_client):
    response = admin_client.post(
        reverse("sharing:agreement_publish"), _form(partnership=world.birmingham.pk)
    )
    assert response.status_code == 200
    assert not SharingAgreement.objects.exists()


def test_only_partnership_admins_may_publish(world, coordinator_client, dpo_client):
    for client in (coordinator_client, dpo_client):
        assert client.get(reverse("sharing:agreement_publish")).status_code == 403
        response = client.post(
            reverse("sharing:agreement_publish"), _form(partnership=world.coventry.pk)
        )
        assert response.status_code == 403
    assert not SharingAgreement.objects.exists()
