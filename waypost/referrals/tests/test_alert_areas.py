"""Partnership admins set the postcode districts and named places that route alerts to them."""

from waypost.referrals.models import AreaPlace, AreaPostcodeDistrict
from waypost.testing.pages import page_html


def test_an_admin_sees_their_partnerships_area(admin_client, areas):
    page = page_html(admin_client.get("/alerts/areas/"))
    assert "CV1, CV2, CV3" in page
    assert "Earlsdon" in page
    assert "B12" not in page  # Birmingham's area is not theirs


def test_an_admin_changes_the_districts_and_places(admin_client, areas, world):
    url = f"/alerts/areas/{world.coventry.pk}/"
    form = admin_client.get(url).content.decode()
    assert "CV1, CV2" in form
    response = admin_client.post(
        url, {"districts": "cv1, CV2\ncv8 ", "places": "Coventry\n\nKenilworth\n"}
    )
    assert response.status_code == 302
    districts = AreaPostcodeDistrict.objects.filter(partnership=world.coventry)
    assert sorted(districts.values_list("district", flat=True)) == ["CV1", "CV2", "CV8"]
    places = AreaPlace.objects.filter(partnership=world.coventry)
    assert sorted(places.values_list("name", flat=True)) == ["Coventry", "Kenilworth"]


def test_a_district_in_another_partnerships_area_is_refused(admin_client, areas, world):
    url = f"/alerts/areas/{world.coventry.pk}/"
    response = admin_client.post(url, {"districts": "CV1, B12", "places": "Coventry"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "B12 is already in Birmingham’s area" in page
    assert "CV1, B12" in page  # what was typed is kept
    assert AreaPostcodeDistrict.objects.filter(partnership=world.coventry).count() == 7


def test_text_that_is_not_a_district_is_refused(admin_client, areas, world):
    url = f"/alerts/areas/{world.coventry.pk}/"
    page = admin_client.post(url, {"districts": "CV1, Coventry", "places": ""}).content.decode()
    assert "“Coventry” is not a postcode district" in page


def test_only_partnership_admins_reach_the_area_pages(outreach_client, commissioner_client, world):
    for client in (outreach_client, commissioner_client):
        assert client.get("/alerts/areas/").status_code == 403
        assert client.get(f"/alerts/areas/{world.coventry.pk}/").status_code == 403


def test_an_admin_cannot_change_another_partnerships_area(admin_client, areas, world):
    url = f"/alerts/areas/{world.birmingham.pk}/"
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"districts": "B1", "places": ""}).status_code == 404
    assert AreaPostcodeDistrict.objects.filter(partnership=world.birmingham).count() == 48
