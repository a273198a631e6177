"""The public severe weather pages and the banner: "SWEP is active tonight: how to get help"
while an activation is active (for the public everywhere, for staff in their partnerships),
"SWEP is not active" otherwise, phone-first, with no sign-in."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.swep.context_processors import active_tonight
from waypost.swep.models import ActivationStatus, SwepSettings
from waypost.swep.tests.test_activation_access import make_activation

BANNER = "SWEP is active in Coventry tonight."


def _active(partnership, **fields):
    fields.setdefault("starts_at", timezone.now() - timedelta(hours=1))
    return make_activation(
        partnership, status=ActivationStatus.ACTIVE, activated_at=timezone.now(), **fields
    )


def test_the_public_sees_not_active_with_no_sign_in(world, client):
    page = client.get(reverse("weather:status"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "SWEP is not active tonight." in text
    assert "What SWEP means" in text
    assert "Severe weather</h2>" not in text  # no banner

    page = client.get(reverse("weather:partnership", args=["coventry"])).content.decode()
    assert '<h1 class="govuk-heading-l">SWEP is not active</h1>' in page


def test_while_active_the_public_page_says_how_to_get_help(world, client):
    SwepSettings.objects.create(
        partnership=world.coventry,
        help_text="Go to the Winter Shelter, Harnall Lane East, from 7pm.",
        help_phone="024 7683 3333",
    )
    _active(world.coventry)

    page = client.get(reverse("weather:partnership", args=["coventry"])).content.decode()

    assert "SWEP is active tonight: how to get help" in page
    assert 'href="tel:02476833333"' in page
    assert "Go to the Winter Shelter, Harnall Lane East, from 7pm." in page
    assert "immigration status" in page
    assert "local connection" in page
    status = client.get(reverse("weather:status")).content.decode()
    assert "SWEP is active tonight: how to get help" in status
    assert "SWEP is not active in Birmingham tonight." in status


def test_an_unknown_area_is_not_found(world, client):
    assert client.get(reverse("weather:partnership", args=["atlantis"])).status_code == 404


def test_the_banner_shows_on_public_and_signed_in_pages_only_while_active(
    world, client, caseworker_client, coordinator_client
):
    public_pages = [reverse("pages:privacy"), reverse("account_login")]
    for url in public_pages:
        assert BANNER not in client.get(url).content.decode()
    assert BANNER not in caseworker_client.get(reverse("notifications:list")).content.decode()

    activation = _active(world.coventry)

    for url in public_pages:
        page = client.get(url).content.decode()
        assert BANNER in page, url
        assert reverse("weather:partnership", args=["coventry"]) in page
    assert BANNER in caseworker_client.get(reverse("notifications:list")).content.decode()

    coordinator_client.post(reverse("swep:end", args=[activation.pk]), {"version": 1})

    assert BANNER not in client.get(reverse("pages:privacy")).content.decode()
    assert BANNER not in caseworker_client.get(reverse("notifications:list")).content.decode()


def test_signed_in_staff_see_only_their_partnerships_banner(world, client, birmingham_admin_client):
    _active(world.coventry)
    assert BANNER not in birmingham_admin_client.get(reverse("swep:home")).content.decode()
    assert BANNER in client.get(reverse("pages:privacy")).content.decode()


def test_a_proposal_or_an_activation_starting_another_day_shows_no_banner(world, client):
    make_activation(world.coventry)  # proposed
    _active(
        world.coventry,
        starts_at=timezone.now() + timedelta(days=2),
        expected_end_at=timezone.now() + timedelta(days=3),
    )
    assert BANNER not in client.get(reverse("pages:privacy")).content.decode()
    assert active_tonight() == []


def test_the_banner_costs_one_query(world, django_assert_num_queries):
    _active(world.coventry)
    _active(world.birmingham)
    with django_assert_num_queries(1):
        assert [p["name"] for p in active_tonight()] == ["Birmingham", "Coventry"]
    with django_assert_num_queries(1):
        assert active_tonight([world.birmingham.pk]) == [
            {"name": "Birmingham", "slug": "birmingham"}
        ]
    with django_assert_num_queries(0):
        assert active_tonight([]) == []


def test_the_public_page_uses_a_handful_of_queries(world, client, django_assert_max_num_queries):
    _active(world.coventry)
    Client().get(reverse("weather:status"))  # the limit's window begun
    # 4 for the page; and up to 6 to count the request against PUBLIC_PAGE_RATE in the database
    # cache (none with CACHE_URL set to Redis).
    with django_assert_max_num_queries(4 + 6):
        Client().get(reverse("weather:status"))
