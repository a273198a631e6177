"""The sharing panel on the person page: what it says and which links each user gets."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from waypost.sharing.actions import record_lawful_basis, restrict_processing
from waypost.sharing.models import BreakGlass, SharingPermission
from waypost.sharing.panel import sharing_panel
from waypost.sharing.policy import access_for, active_memberships
from waypost.testing.people import give_consent


def _person_page(client, person):
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _panel(page):
    return page.split('id="sharing-panel-title"')[1].split("</section>")[0]


def test_it_shows_the_permission_its_scope_who_recorded_it_and_the_review_date(
    world, person, caseworker_user, caseworker_client
):
    permission = give_consent(
        person, caseworker_user, world.council, sections=["identity", "health"],
        agencies=[world.hospital],
    )  # fmt: skip
    SharingPermission.objects.filter(pk=permission.pk).update(review_on=date(2030, 5, 1))
    panel = _panel(_person_page(caseworker_client, person))
    assert "Consent given" in panel
    assert "Shares: Identity, Health." in panel
    assert "With: University Hospital Coventry." in panel
    assert f"Recorded by {caseworker_user.full_name}, Coventry Housing Options" in panel
    assert "1 May 2030" in panel
    assert "Review overdue" not in panel


def test_an_overdue_review_is_flagged(world, person, caseworker_user, caseworker_client):
    permission = give_consent(person, caseworker_user, world.council)
    SharingPermission.objects.filter(pk=permission.pk).update(
        review_on=date.today() - timedelta(days=1)
    )
    assert "Review overdue" in _panel(_person_page(caseworker_client, person))


def test_no_lawful_basis_is_a_visible_warning_until_recorded(
    world, person, caseworker_user, caseworker_client
):
    assert "No lawful basis recorded" in _panel(_person_page(caseworker_client, person))
    record_lawful_basis(person, article_6="public_task", by=caseworker_user, agency=world.council)
    panel = _panel(_person_page(caseworker_client, person))
    assert "No lawful basis recorded" not in panel
    assert "6(1)(e) Public task" in panel


def test_staff_who_can_identify_the_person_get_links_to_record(person, caseworker_client):
    panel = _panel(_person_page(caseworker_client, person))
    assert reverse("sharing:permission", args=[person.pk]) in panel
    assert reverse("sharing:lawful_basis", args=[person.pk]) in panel
    assert reverse("sharing:restriction", args=[person.pk]) not in panel  # not a coordinator


def test_coordinators_get_the_restriction_link(person, coordinator_client):
    panel = _panel(_person_page(coordinator_client, person))
    assert reverse("sharing:restriction", args=[person.pk]) in panel
    assert "Not restricted" in panel


def test_staff_who_know_only_that_the_record_exists_get_break_glass_and_no_record_links(
    person, outreach_client
):
    panel = _panel(_person_page(outreach_client, person))
    assert "Not recorded" in panel
    assert reverse("sharing:break_glass", args=[person.pk]) in panel
    assert reverse("sharing:permission", args=[person.pk]) not in panel


def test_no_break_glass_link_when_consent_already_shares_everything(
    world, person, caseworker_user, outreach_client
):
    give_consent(person, caseworker_user, world.council)
    panel = _panel(_person_page(outreach_client, person))
    assert reverse("sharing:break_glass", args=[person.pk]) not in panel


def test_an_active_break_glass_shows_a_banner_with_its_expiry(
    world, person, outreach_user, outreach_client
):
    expires = timezone.now() + timedelta(hours=3)
    BreakGlass.objects.create(
        user=outreach_user, agency=world.outreach, person=person, reason="Fell",
        expires_at=expires,
    )  # fmt: skip
    panel = _panel(_person_page(outreach_client, person))
    assert "You are using break-glass access through Coventry Outreach" in panel
    assert timezone.localtime(expires).strftime("%H:%M") in panel
    assert reverse("sharing:break_glass", args=[person.pk]) not in panel


def test_a_restricted_record_says_so(person, coordinator_client, coordinator_user):
    restrict_processing(person, reason="Art 18", by=coordinator_user)
    panel = _panel(_person_page(coordinator_client, person))
    assert "Processing is restricted" in panel
    assert "Lift" in panel


@pytest.mark.parametrize("consented", [False, True])
def test_the_panel_costs_a_fixed_number_of_queries(
    world, person, caseworker_user, outreach_user, consented, django_assert_num_queries
):
    if consented:
        give_consent(person, caseworker_user, world.council, agencies=[world.outreach])
        record_lawful_basis(
            person, article_6="public_task", by=caseworker_user, agency=world.council
        )
    request = RequestFactory().get("/")
    request.user = outreach_user
    request.memberships = active_memberships(outreach_user)
    access = access_for(outreach_user, person, request.memberships)
    # Consented: permission, its sections and agencies, lawful basis. Not: permission, lawful
    # basis, and the signatures that decide whether break-glass is offered.
    with django_assert_num_queries(4 if consented else 3):
        panel = sharing_panel(request, person, access)
    assert panel["rights"].can_break_glass is not consented
