"""Who sees reconnection offers and personal budgets: the policy (support section) decides,
each read is in the access log, and roles without the support section are refused."""

from datetime import date, timedelta

import pytest

from waypost.audit.models import AccessEvent, Section
from waypost.funds import reconnection_actions as actions
from waypost.funds.models import Connection, FundKind, OfferStatus, ReconnectionOffer
from waypost.funds.reconnection_access import person_money_extra
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.people.access import get_person_for_section_write
from waypost.sharing.policy import access_for, active_memberships
from waypost.testing.people import give_consent, make_person, sign_agreement_for

TODAY = date.today()


def writer(user, person):
    return get_person_for_section_write(user, person.pk, Section.SUPPORT, active_memberships(user))


@pytest.fixture
def records(world, caseworker_user):
    """An offer (travelled, follow-up due) and a budget for a person, both the council's."""
    person = make_person(world.council, given_name="Ravi", family_name="Chandra")
    offer = actions.offer_reconnection(
        writer(caseworker_user, person),
        destination="Leicester",
        connection=Connection.LOCAL_AUTHORITY,
        offered_on=TODAY - timedelta(days=40),
        by=caseworker_user,
    )
    actions.record_outcome(
        offer.pk,
        status=OfferStatus.TRAVELLED,
        travelled_on=TODAY - timedelta(days=30),
        version=1,
        by=caseworker_user,
    )
    fund = make_fund(world.council, name="Budgets", kind=FundKind.PERSONAL_BUDGETS)
    pay_in(fund, 10_000)
    budget = actions.agree_personal_budget(
        writer(caseworker_user, person),
        fund=fund,
        amount_pence=5_000,
        agreed_on=TODAY,
        by=caseworker_user,
    )
    return person, offer, budget


def test_the_offering_agency_sees_the_offer_and_the_read_is_logged(
    records, caseworker_client, caseworker_user
):
    person, offer, budget = records
    page = caseworker_client.get(f"/funds/reconnections/{offer.pk}/")
    assert page.status_code == 200
    assert "Reconnection to Leicester" in page.content.decode()
    assert "Ravi Chandra" in page.content.decode()
    events = AccessEvent.objects.filter(user=caseworker_user, person_id=person.pk)
    assert events.filter(
        section=Section.SUPPORT, subject_type="reconnection_offer", subject_id=str(offer.pk)
    ).exists()
    assert events.filter(section=Section.IDENTITY).exists()
    assert caseworker_client.get(f"/funds/budgets/{budget.pk}/").status_code == 200
    assert events.filter(subject_type="personal_budget", subject_id=str(budget.pk)).exists()


def test_another_agency_without_permission_sees_nothing(
    records, world, outreach_client, outreach_user
):
    person, offer, budget = records
    sign_agreement_for(world.council, world.outreach)  # signed, but no consent from the person
    assert outreach_client.get(f"/funds/reconnections/{offer.pk}/").status_code == 404
    assert outreach_client.get(f"/funds/budgets/{budget.pk}/").status_code == 404
    memberships = active_memberships(outreach_user)
    extra = person_money_extra(
        outreach_user, person, access_for(outreach_user, person, memberships), memberships
    )
    assert extra["offers"] == [] and extra["budgets"] == []
    follow_ups = outreach_client.get("/funds/reconnections/follow-ups/").content.decode()
    assert "Leicester" not in follow_ups and "Ravi" not in follow_ups
    assert not AccessEvent.objects.filter(
        user=outreach_user, subject_type__in=["reconnection_offer", "personal_budget"]
    ).exists()


def test_with_the_persons_permission_another_agency_sees_them(
    records, world, caseworker_user, outreach_client, outreach_user
):
    person, offer, _ = records
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    assert outreach_client.get(f"/funds/reconnections/{offer.pk}/").status_code == 200
    memberships = active_memberships(outreach_user)
    extra = person_money_extra(
        outreach_user, person, access_for(outreach_user, person, memberships), memberships
    )
    assert [o.pk for o in extra["offers"]] == [offer.pk]
    assert AccessEvent.objects.filter(
        user=outreach_user, subject_type="reconnection_offer", route="funds:person_money"
    ).exists()


def test_roles_without_the_support_section_are_refused(
    records, referrer_client, commissioner_client, provider_client
):
    person, offer, budget = records
    for client in (referrer_client, commissioner_client, provider_client):
        for url in (
            f"/funds/people/{person.pk}/reconnections/new/",
            f"/funds/people/{person.pk}/budgets/new/",
            f"/funds/reconnections/{offer.pk}/",
            f"/funds/budgets/{budget.pk}/",
            "/funds/reconnections/follow-ups/",
        ):
            assert client.get(url).status_code == 403, url


def test_offering_through_the_page_then_recording_the_outcome(
    world, caseworker_client, caseworker_user
):
    person = make_person(world.council)
    day = TODAY - timedelta(days=2)
    response = caseworker_client.post(
        f"/funds/people/{person.pk}/reconnections/new/",
        {
            "destination": "Glasgow",
            "connection": "family",
            "offered_on_0": day.day,
            "offered_on_1": day.month,
            "offered_on_2": day.year,
        },
    )
    offer = ReconnectionOffer.objects.get(person=person)
    assert response.status_code == 302 and response.url == f"/funds/reconnections/{offer.pk}/"
    url = f"/funds/reconnections/{offer.pk}/"
    missing = caseworker_client.post(
        url, {"form": "outcome", "outcome-version": 1, "outcome-status": "travelled"}
    )
    assert "Enter the date they travelled" in missing.content.decode()
    done = caseworker_client.post(
        url,
        {
            "form": "outcome",
            "outcome-version": 1,
            "outcome-status": "travelled",
            "outcome-travelled_on_0": TODAY.day,
            "outcome-travelled_on_1": TODAY.month,
            "outcome-travelled_on_2": TODAY.year,
        },
    )
    assert done.status_code == 302
    stale = caseworker_client.post(
        url, {"form": "outcome", "outcome-version": 1, "outcome-status": "declined"}
    )
    assert "Someone else changed this record" in stale.content.decode()
    offer.refresh_from_db()
    assert offer.follow_up_due_on == TODAY + timedelta(days=28)


def test_the_follow_ups_list_shows_the_agencys_due_follow_ups_in_few_queries(
    records, world, caseworker_client, caseworker_user, django_assert_max_num_queries
):
    person, offer, _ = records
    for n in range(4):
        extra = make_person(world.council, given_name=f"Extra{n}")
        more = actions.offer_reconnection(
            writer(caseworker_user, extra),
            destination=f"Town {n}",
            connection=Connection.FAMILY,
            offered_on=TODAY - timedelta(days=10),
            by=caseworker_user,
        )
        actions.record_outcome(
            more.pk,
            status=OfferStatus.TRAVELLED,
            travelled_on=TODAY - timedelta(days=5),
            version=1,
            by=caseworker_user,
        )
    with django_assert_max_num_queries(16):
        page = caseworker_client.get("/funds/reconnections/follow-ups/")
    text = page.content.decode()
    assert "5 follow-ups to record" in text
    assert text.index("Leicester") < text.index("Town 0")  # soonest due first
    assert (
        AccessEvent.objects.filter(
            user=caseworker_user, route="funds:follow_ups", subject_type="reconnection_offer"
        ).count()
        == 5
    )


def test_the_money_page_part_lists_offers_and_budgets_with_links(records, caseworker_user, rf):
    """templates/funds/person_money_extra.html, rendered from person_money_extra()."""
    from django.template.loader import render_to_string

    person, offer, budget = records
    memberships = active_memberships(caseworker_user)
    extra = person_money_extra(
        caseworker_user, person, access_for(caseworker_user, person, memberships), memberships
    )
    html = render_to_string("funds/person_money_extra.html", {"extra": extra})
    assert f"/funds/reconnections/{offer.pk}/" in html
    assert f"/funds/budgets/{budget.pk}/" in html
    assert "£50" in html
    assert f"/funds/people/{person.pk}/reconnections/new/" in html
    assert render_to_string("funds/person_money_extra.html", {}).strip() == ""
