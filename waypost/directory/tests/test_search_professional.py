"""The professionals' view (/directory/search/, /directory/services/<id>/): the public search
and pages plus each service's referral route, internal contacts and last check, for any member
of staff in the partnership. Each denial beside the success: anonymous visitors are sent to
sign in; another partnership's service, or a partnership that is not theirs, is not found."""

import html
import re
import uuid
from datetime import datetime

import pytest
from django.test import Client

from waypost.accounts.models import Membership, Role
from waypost.directory.models import Contact, Phone, ServiceStatus
from waypost.lib.nights import LONDON
from waypost.testing.directory import make_area, make_location, make_service
from waypost.testing.personas import make_user, mark_recently_authenticated

SEARCH = "/directory/search/"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def service_url(service):
    return f"/directory/services/{service.pk}/"


def page_text(response) -> str:
    content = response.content.decode()
    assert "!!MISSING" not in content
    main = content[content.index("<main") : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture
def shelter(world):
    service = make_service(
        world.coventry,
        "Night shelter",
        categories=("emergency-accommodation",),
        hours=((EVERY_DAY, "00:00", "00:00"),),
        referral_route="Email the referral form to referrals@shelter.example.",
        last_checked_at=datetime(2026, 10, 5, 12, 0, tzinfo=LONDON),
    )
    contact = Contact.objects.create(
        service=service, name="Iris Duty", title="Duty manager", internal=True
    )
    Phone.objects.create(contact=contact, number="07700 900123")
    Contact.objects.create(service=service, name="Front desk")
    Contact.objects.create(
        service_at_location=None, location=None, organization=service.organization, name="Org"
    )
    return service


def test_anonymous_visitors_are_sent_to_sign_in(client, shelter):
    for url in (SEARCH, service_url(shelter)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "commissioner_client",
        "dpo_client",
        "provider_client",
        "admin_client",
    ],
)
def test_every_member_of_staff_sees_referral_routes_and_last_checks(request, persona, shelter):
    client = request.getfixturevalue(persona)
    text = page_text(client.get(SEARCH))
    assert "Night shelter" in text
    assert "How to refer: Email the referral form to referrals@shelter.example." in text
    assert "Last checked on 5 October 2026" in text
    assert "Open now until midnight" in text


def test_the_service_page_adds_the_referral_route_and_internal_contacts(caseworker_client, shelter):
    text = page_text(caseworker_client.get(service_url(shelter)))
    assert "For professionals" in text
    assert "Email the referral form to referrals@shelter.example." in text
    assert "Iris Duty, Duty manager" in text and "07700 900123" in text
    assert "Front desk" in text
    assert "Last checked on 5 October 2026" in text
    assert text.index("Front desk") < text.index("For professionals") < text.index("Iris Duty")


def test_another_partnerships_service_is_not_found(
    birmingham_admin_client, caseworker_client, world
):
    brum = make_service(world.birmingham, "Digbeth shelter")
    coventry = make_service(world.coventry, "Coventry shelter")
    assert birmingham_admin_client.get(service_url(coventry)).status_code == 404
    assert birmingham_admin_client.get(service_url(brum)).status_code == 200
    assert caseworker_client.get(service_url(brum)).status_code == 404
    assert caseworker_client.get(f"/directory/services/{uuid.uuid4()}/").status_code == 404


def test_a_service_not_running_is_not_found(caseworker_client, world):
    gone = make_service(world.coventry, "Gone", status=ServiceStatus.DEFUNCT)
    assert caseworker_client.get(service_url(gone)).status_code == 404


def test_a_partnership_that_is_not_theirs_is_not_found(caseworker_client, world):
    make_service(world.birmingham, "Digbeth shelter")
    assert caseworker_client.get(SEARCH, {"partnership": "birmingham"}).status_code == 404
    text = page_text(caseworker_client.get(SEARCH))
    assert "Digbeth" not in text


def test_staff_in_two_partnerships_choose_one_and_paging_keeps_it(world):
    user = make_user("both@coventry.test", agency=world.council, role=Role.CASEWORKER)
    Membership.objects.create(user=user, agency=world.brum_council, role=Role.CASEWORKER)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    make_service(world.coventry, "Coventry shelter")
    for n in range(21):
        make_service(world.birmingham, f"Birmingham service {n:02d}")
    # The first by name until they choose.
    first = page_text(client.get(SEARCH))
    assert "Birmingham service 00" in first and "Coventry shelter" not in first
    assert "You work in more than one partnership" in first
    assert "Coventry shelter" in page_text(client.get(SEARCH, {"partnership": "coventry"}))
    response = client.get(SEARCH, {"partnership": "birmingham", "need": "food"})
    content = response.content.decode()
    assert 'name="partnership" value="birmingham"' in content
    assert "?partnership=birmingham&amp;need=food&amp;page=2" in content
    assert "Coventry shelter" not in page_text(response)


def test_a_search_works_as_the_public_one(caseworker_client, world):
    area = make_area(world.coventry)
    make_service(
        world.coventry,
        "Near",
        categories=("food",),
        location=make_location(world.coventry, "N", area=area, latitude=52.408, longitude=-1.51),
    )
    make_service(world.coventry, "Nurse", categories=("nurse",))
    text = page_text(caseworker_client.get(SEARCH, {"need": "food", "area": str(area.pk)}))
    assert "1 service found" in text and "Near" in text and "less than 0.1 miles away" in text


def test_the_search_takes_a_fixed_number_of_queries(
    caseworker_client, world, django_assert_max_num_queries
):
    area = make_area(world.coventry)
    for n in range(25):
        make_service(
            world.coventry,
            f"Service {n:02d}",
            location=make_location(world.coventry, f"P{n}", area=area),
            hours=((EVERY_DAY, "09:00", "17:00"),),
        )
    caseworker_client.get(SEARCH)
    # The session, the user, their memberships, MFA, the areas, the services (and a count),
    # 6 for their hours, their categories, the bank holidays, the severe weather banner.
    with django_assert_max_num_queries(18):
        assert caseworker_client.get(SEARCH, {"area": str(area.pk)}).status_code == 200


def test_whoever_keeps_the_entry_can_change_it_from_its_page(
    shelter, coordinator_client, outreach_client, commissioner_client
):
    """Coordinators keep every entry; an outreach worker whose agency does not run the
    service, and a commissioner, read it only."""
    change = f'href="/directory/manage/services/{shelter.pk}/"'
    assert change in coordinator_client.get(service_url(shelter)).content.decode()
    for reader in (outreach_client, commissioner_client):
        response = reader.get(service_url(shelter))
        page = response.content.decode()
        assert response.status_code == 200
        assert change not in page and "Change this service" not in page
