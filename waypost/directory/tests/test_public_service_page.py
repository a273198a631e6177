"""A service's public page (/services/<slug>/<id>/): what it is, open now or next, opening
times in words, closures, how to get there, how to get in, how to get in touch and when it was
last checked. Never its referral route or internal contacts; another partnership's service,
or one not running, is "Page not found"."""

import html
import re
import uuid
from datetime import date, datetime

import pytest
import time_machine
from django.test import Client

from waypost.directory.models import (
    Access,
    Accessibility,
    Closure,
    Contact,
    CostOption,
    GenderServed,
    Language,
    Phone,
    ServiceStatus,
)
from waypost.lib.nights import LONDON
from waypost.testing.directory import make_location, make_service

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
WEEKDAYS = "MO,TU,WE,TH,FR"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_10AM, tick=False):
        yield


def url(service, slug="coventry"):
    return f"/services/{slug}/{service.pk}/"


def page_text(response) -> str:
    content = response.content.decode()
    assert "!!MISSING" not in content
    main = content[content.index("<main") : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture
def shelter(world):
    location = make_location(
        world.coventry,
        "Harnall Lane",
        transportation="Bus 20 from Pool Meadow to Harnall Lane.",
    )
    Accessibility.objects.create(location=location, description="Step-free entrance")
    Phone.objects.create(location=location, number="024 7600 0001", description="Front desk")
    service = make_service(
        world.coventry,
        "Women's night shelter",
        categories=("emergency-accommodation", "womens-services"),
        location=location,
        hours=((WEEKDAYS, "09:00", "17:00"), ("SA,SU", "20:00", "08:00")),
        gender=GenderServed.WOMEN,
        minimum_age=18,
        accepts_no_recourse=True,
        access=Access.WALK_IN_OR_REFERRAL,
        application_process="Come to the front door after 8pm and ring the bell.",
        eligibility_description="Women sleeping rough.",
        fees_description="Free",
        url="https://shelter.example/beds",
        email="beds@shelter.example",
        referral_route="Email the SECRET-ROUTE form to the duty worker.",
        last_checked_at=datetime(2026, 10, 5, 12, 0, tzinfo=LONDON),
    )
    Phone.objects.create(service=service, number="024 7600 0000", description="24 hours")
    Language.objects.create(service=service, name="Polish")
    CostOption.objects.create(service=service, option="Breakfast", amount="1.50")
    Contact.objects.create(service=service, name="Duty desk", email="duty@shelter.example")
    internal = Contact.objects.create(
        service=service, name="Internal Iris", email="iris@secret.example", internal=True
    )
    Phone.objects.create(contact=internal, number="07700 900999")
    sal = service.at_locations.get()
    Contact.objects.create(service_at_location=sal, name="Hidden Hal", internal=True)
    Contact.objects.create(location=location, name="Hidden Hilda", internal=True)
    Closure.objects.create(
        service=service, starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 24), reason="Staff"
    )
    Closure.objects.create(service=service, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 2))
    return service


def test_the_page_says_what_when_where_and_how(client, shelter, frozen):
    text = page_text(client.get(url(shelter)))
    assert "Women's night shelter" in text
    assert "Coventry Day Centre" in text  # the organisation
    assert "Open now until 5pm" in text
    assert "Monday to Friday: 9am to 5pm" in text
    assert "Saturday and Sunday: 8pm to 8am the next morning" in text
    assert "Thursday 24 December 2026 (Staff)" in text
    assert "January 2026" not in text  # a closure that is over
    assert "Harnall Lane, Coventry, CV1 4FB" in text
    assert "Bus 20 from Pool Meadow" in text
    assert "Step-free entrance" in text
    assert "024 7600 0001" in text and "024 7600 0000" in text
    assert "Walk in, or be referred" in text
    assert "Come to the front door after 8pm" in text
    assert "Women only: aged 18 or over" in text
    assert "Open to people with no recourse to public funds" in text
    assert "Women sleeping rough." in text
    assert "Free" in text and "Breakfast £1.50" in text
    assert "Polish" in text
    assert "beds@shelter.example" in text and "https://shelter.example/beds" in text
    assert "Duty desk" in text
    assert "Last checked on 5 October 2026" in text


def test_nothing_for_professionals_only(client, shelter, frozen):
    content = client.get(url(shelter)).content.decode()
    for secret in ("SECRET-ROUTE", "Internal Iris", "iris@secret", "07700 900999", "Hidden Hal"):
        assert secret not in content
    assert "Hidden Hilda" not in content
    assert "For professionals" not in content


def test_phones_are_links_to_ring(client, shelter, frozen):
    assert 'href="tel:02476000000"' in client.get(url(shelter)).content.decode()


def test_a_website_that_is_not_a_web_address_is_not_a_link(client, world, frozen):
    service = make_service(world.coventry, "Odd import", url="javascript:alert(1)")
    content = client.get(url(service)).content.decode()
    assert "javascript:" not in content


def test_a_temporarily_closed_service_says_so(client, world, frozen):
    service = make_service(
        world.coventry,
        "Paused",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        hours=((WEEKDAYS, "09:00", "17:00"),),
    )
    text = page_text(client.get(url(service)))
    assert "This service is temporarily closed" in text
    assert "Open now" not in text


def test_a_service_with_no_hours_says_to_ask(client, world, frozen):
    service = make_service(world.coventry, "Helpline")
    assert "Opening times are not known" in page_text(client.get(url(service)))


@pytest.mark.parametrize("status", [ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT])
def test_a_service_not_running_is_not_found(client, world, status):
    service = make_service(world.coventry, "Gone", status=status)
    assert client.get(url(service)).status_code == 404


def test_another_partnerships_service_is_not_found(client, world):
    brum = make_service(world.birmingham, "Digbeth shelter")
    assert client.get(url(brum, "coventry")).status_code == 404
    assert client.get(url(brum, "birmingham")).status_code == 200


def test_an_unknown_service_or_partnership_is_not_found(client, world, shelter):
    assert client.get(f"/services/coventry/{uuid.uuid4()}/").status_code == 404
    assert client.get(url(shelter, "nowhere")).status_code == 404


def test_the_page_takes_a_fixed_number_of_queries(
    world, shelter, frozen, django_assert_max_num_queries
):
    client = Client()
    client.get(url(shelter))
    # The partnership, the service, its hours (6), categories, phones, languages, costs,
    # contacts and their phones at three levels, addresses, accessibility, location phones
    # and languages, bank holidays, the severe weather banner.
    with django_assert_max_num_queries(24):
        assert client.get(url(shelter)).status_code == 200
