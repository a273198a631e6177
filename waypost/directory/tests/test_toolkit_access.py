"""Who reaches the toolkit: every member of the partnership sees its toolkits and downloads
them; only coordinators and partnership admins change the services; another partnership's
staff get 404; anonymous visitors are sent to sign in. The public page and downloads need no
sign-in and answer 404 for an unknown partnership or audience."""

import pytest
from django.urls import reverse

from waypost.directory.models import Audience, ToolkitChoice
from waypost.testing.directory import make_service

SAVE = "Save the toolkit’s services"


@pytest.fixture
def service(world):
    return make_service(world.coventry, "Harnall Lane Day Centre")


def _audience_url(slug="coventry", audience="schools"):
    return reverse("directory:toolkit_audience", args=[slug, audience])


def _pdf_url(slug="coventry", audience="schools"):
    return reverse("directory:toolkit_pdf", args=[slug, audience])


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in (reverse("directory:toolkit"), _audience_url(), _pdf_url()):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    response = client.post(_audience_url(), {})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "commissioner_client",
        "dpo_client",
        "provider_client",
    ],
)
def test_every_member_sees_the_toolkits_but_only_choosers_change_them(
    request, persona, world, service
):
    client = request.getfixturevalue(persona)
    home = client.get(reverse("directory:toolkit"))
    assert home.status_code == 200
    assert "See services" in home.text and "Choose services" not in home.text
    page = client.get(_audience_url())
    assert page.status_code == 200
    assert SAVE not in page.text and "coordinators and partnership admins" in page.text
    assert client.get(_pdf_url()).status_code == 200
    refused = client.post(_audience_url(), {"services": [str(service.pk)]})
    assert refused.status_code == 403
    assert not ToolkitChoice.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator_client", "admin_client"])
def test_coordinators_and_admins_choose(request, persona, world, service):
    client = request.getfixturevalue(persona)
    assert "Choose services" in client.get(reverse("directory:toolkit")).text
    page = client.get(_audience_url())
    assert SAVE in page.text and "Harnall Lane Day Centre" in page.text
    response = client.post(_audience_url(), {"services": [str(service.pk)], "seen": ""})
    assert response.status_code == 302
    assert ToolkitChoice.objects.get().service == service


def test_another_partnerships_staff_get_404(birmingham_admin_client, world, service):
    assert birmingham_admin_client.get(_audience_url()).status_code == 404
    assert birmingham_admin_client.post(_audience_url(), {}).status_code == 404
    assert birmingham_admin_client.get(_pdf_url()).status_code == 404
    home = birmingham_admin_client.get(reverse("directory:toolkit"))
    assert "coventry" not in home.text.lower()


def test_an_unknown_audience_or_partnership_is_404(coordinator_client, world):
    assert coordinator_client.get(_audience_url(audience="prisons")).status_code == 404
    assert coordinator_client.get(_pdf_url(audience="prisons")).status_code == 404
    assert coordinator_client.get(_audience_url(slug="nowhere")).status_code == 404


def test_the_public_page_lists_the_four_downloads_without_sign_in(client, world):
    response = client.get(reverse("services:toolkit", kwargs={"slug": "coventry"}))
    assert response.status_code == 200
    for audience in Audience:
        url = reverse("services:toolkit_pdf", kwargs={"slug": "coventry", "audience": audience})
        assert f'href="{url}"' in response.text


def test_the_public_pages_404_for_an_unknown_partnership_or_audience(client, world):
    assert client.get(reverse("services:toolkit", kwargs={"slug": "nowhere"})).status_code == 404
    for slug, audience in (("nowhere", "schools"), ("coventry", "prisons")):
        url = reverse("services:toolkit_pdf", kwargs={"slug": slug, "audience": audience})
        assert client.get(url).status_code == 404


def test_the_public_download_is_get_only(client, world):
    url = reverse("services:toolkit_pdf", kwargs={"slug": "coventry", "audience": "gps"})
    assert client.post(url).status_code == 405
