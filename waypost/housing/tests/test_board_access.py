"""Who sees the vacancy board and who updates it: the street and case teams see every active
scheme of their partnership; a provider's staff see only their own agency's schemes and are
the only ones who update them. Another agency's provider does not find a scheme's update
page; a caseworker who sees the board may not update it unless they work at the provider."""

import pytest

from waypost.accounts.models import Role
from waypost.housing.models import Unit, UnitStatus
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.personas import make_user, mark_recently_authenticated


@pytest.fixture
def schemes(world):
    shelter = make_provider(world.shelter)
    council = make_provider(world.council, "Council Temporary Accommodation")
    brum = make_provider(world.brum_council, "Birmingham Hostels")
    return {
        "own": make_scheme(shelter, "Harnall Lane Shelter", units=2),
        "council": make_scheme(council, "Council Hostel", units=1),
        "stopped": make_scheme(shelter, "Closed Shelter", units=1, is_active=False),
        "brum": make_scheme(brum, "Digbeth Hostel", units=1),
    }


def _sign_in(client, user):
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def _vacancy_post(scheme, status=UnitStatus.OCCUPIED):
    data = {"version": str(scheme.version)}
    for each in Unit.objects.filter(scheme=scheme):
        data[f"unit_{each.pk}"] = status
    return data


@pytest.mark.parametrize("persona", ["coordinator_client", "caseworker_client", "outreach_client"])
def test_the_street_and_case_teams_see_every_active_scheme(request, persona, schemes):
    page = request.getfixturevalue(persona).get("/housing/board/").content.decode()
    assert "Harnall Lane Shelter" in page and "Council Hostel" in page
    assert "Closed Shelter" not in page and "Digbeth Hostel" not in page
    # Updates only for their own agency's scheme (the council's, for council staff).
    assert f"/housing/schemes/{schemes['own'].pk}/vacancies/" not in page
    assert "!!MISSING" not in page


def test_a_provider_sees_only_its_own_schemes(provider_client, schemes):
    page = provider_client.get("/housing/board/").content.decode()
    assert "Harnall Lane Shelter" in page
    assert "Council Hostel" not in page and "Digbeth Hostel" not in page
    assert f"/housing/schemes/{schemes['own'].pk}/vacancies/" in page


@pytest.mark.parametrize(
    "persona", ["admin_client", "referrer_client", "commissioner_client", "dpo_client"]
)
def test_other_roles_do_not_see_the_board(request, persona, schemes):
    client = request.getfixturevalue(persona)
    assert client.get("/housing/board/").status_code == 403
    url = f"/housing/schemes/{schemes['own'].pk}/vacancies/"
    assert client.get(url).status_code == 403
    assert client.post(url, _vacancy_post(schemes["own"])).status_code == 403


def test_the_provider_updates_its_own_units(provider_client, provider_user, schemes):
    scheme = schemes["own"]
    url = f"/housing/schemes/{scheme.pk}/vacancies/"
    assert provider_client.get(url).status_code == 200
    response = provider_client.post(url, _vacancy_post(scheme))
    assert response.status_code == 302 and response.url == "/housing/board/"
    assert set(Unit.objects.filter(scheme=scheme).values_list("status", flat=True)) == {
        UnitStatus.OCCUPIED
    }
    scheme.refresh_from_db()
    assert scheme.vacancies_updated_by == provider_user


def test_a_provider_does_not_find_another_agencys_scheme(world, provider_client, client, schemes):
    for key in ("council", "brum"):
        url = f"/housing/schemes/{schemes[key].pk}/vacancies/"
        assert provider_client.get(url).status_code == 404
        assert provider_client.post(url, _vacancy_post(schemes[key])).status_code == 404
    outsider = make_user("provider@other.test", agency=world.council, role=Role.PROVIDER)
    url = f"/housing/schemes/{schemes['own'].pk}/vacancies/"
    assert _sign_in(client, outsider).get(url).status_code == 404
    assert client.post(url, _vacancy_post(schemes["own"])).status_code == 404
    assert Unit.objects.filter(status=UnitStatus.OCCUPIED).count() == 0


def test_a_stopped_scheme_has_no_vacancy_page(provider_client, schemes):
    url = f"/housing/schemes/{schemes['stopped'].pk}/vacancies/"
    assert provider_client.get(url).status_code == 404


def test_a_caseworker_reads_the_board_but_updates_only_at_the_provider(
    world, caseworker_client, client, schemes
):
    own = schemes["own"]
    url = f"/housing/schemes/{own.pk}/vacancies/"
    assert caseworker_client.get(url).status_code == 403
    assert caseworker_client.post(url, _vacancy_post(own)).status_code == 403
    assert not Unit.objects.filter(status=UnitStatus.OCCUPIED).exists()

    hostel_worker = make_user("caseworker@shelter.test", agency=world.shelter, role=Role.CASEWORKER)
    shelter_client = _sign_in(client, hostel_worker)
    assert shelter_client.post(url, _vacancy_post(own)).status_code == 302
    assert Unit.objects.filter(scheme=own, status=UnitStatus.OCCUPIED).count() == 2
    # The council's own scheme is on their board, but not theirs to update.
    council_url = f"/housing/schemes/{schemes['council'].pk}/vacancies/"
    assert shelter_client.get(council_url).status_code == 403


def test_a_posted_unit_of_another_scheme_is_ignored(provider_client, schemes):
    own, other = schemes["own"], schemes["council"]
    data = _vacancy_post(own, UnitStatus.FREE)
    data[f"unit_{unit(other, 'Bed 1').pk}"] = UnitStatus.OUT_OF_USE
    assert provider_client.post(f"/housing/schemes/{own.pk}/vacancies/", data).status_code == 302
    assert unit(other, "Bed 1").status == UnitStatus.FREE
