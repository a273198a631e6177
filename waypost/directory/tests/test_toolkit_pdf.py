"""The toolkit PDF renders, is tagged (PDF/UA: structure tree, language, title), and lists
exactly the services chosen for its audience, in order, with their public details: never a
service chosen only for another audience, an internal contact or a referral route."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from waypost.directory.models import (
    Audience,
    Contact,
    Location,
    LocationType,
    Phone,
    ServiceStatus,
    ToolkitChoice,
)
from waypost.directory.toolkit_pdf import toolkit_title
from waypost.testing.directory import make_location, make_organization, make_service


def _reader(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def choose(partnership, audience, *services):
    for position, service in enumerate(services, start=1):
        ToolkitChoice.objects.create(
            partnership=partnership, audience=audience, service=service, position=position
        )


@pytest.fixture
def directory(world):
    coventry = world.coventry
    org = make_organization(coventry, "Coventry Day Centre")
    place = make_location(coventry, "Harnall Lane", organization=org, postal_code="CV1 4FB")
    place.transportation = "Bus 20 to Harnall Lane"
    place.save()
    day_centre = make_service(
        coventry,
        "Harnall Lane Day Centre",
        organization=org,
        categories=("day-centres",),
        location=place,
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        referral_route="Email intake-secret@daycentre.test with the form",
        application_process="Ring the bell at the side door",
        minimum_age=18,
    )
    Phone.objects.create(service=day_centre, number="024 7600 0001")
    worker = Contact.objects.create(
        service=day_centre, name="Priya Internalname", email="priya@daycentre.test", internal=True
    )
    Phone.objects.create(contact=worker, number="07700 900999")
    food_bank = make_service(
        coventry,
        "Foleshill Food Bank",
        organization=make_organization(coventry, "Foleshill Church"),
        hours=(("SA", "10:00", "12:00"),),
        gender="women",
    )
    discharge = make_service(coventry, "Hospital Discharge Hub", categories=("health",))
    unchosen = make_service(coventry, "Nobody Chose This Service")
    stopped = make_service(coventry, "Closed Winter Shelter", status=ServiceStatus.DEFUNCT)
    council = make_organization(coventry, "Coventry City Council", agency=world.council)
    housing = make_service(
        coventry,
        "Housing Options Team",
        organization=council,
        categories=("housing-advice",),
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"),),
    )
    Phone.objects.create(service=housing, number="024 7683 4000")
    choose(coventry, Audience.SCHOOLS, food_bank, day_centre, stopped)
    choose(coventry, Audience.HOSPITALS, discharge, day_centre)
    return {
        "day_centre": day_centre,
        "food_bank": food_bank,
        "discharge": discharge,
        "unchosen": unchosen,
        "stopped": stopped,
        "housing": housing,
    }


def test_the_staff_pdf_is_tagged_and_lists_the_chosen_services_in_order(
    coordinator_client, world, directory
):
    response = coordinator_client.get(
        reverse("directory:toolkit_pdf", args=["coventry", "schools"])
    )
    reader = _reader(response)
    assert response["Content-Disposition"] == 'attachment; filename="coventry-toolkit-schools.pdf"'
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("en")
    assert reader.metadata.title == toolkit_title(world.coventry, Audience.SCHOOLS)
    text = _text(reader)
    assert "Rough sleeping: a toolkit for schools and colleges in Coventry" in text
    # Exactly the services chosen for schools that are running, in their order.
    assert text.index("Foleshill Food Bank") < text.index("Harnall Lane Day Centre")
    for absent in ("Hospital Discharge Hub", "Nobody Chose This Service", "Closed Winter Shelter"):
        assert absent not in text
    # Public details from the directory
    assert "Monday to Friday: 9am to 5pm" in text and "Saturday: 10am to midday" in text
    assert "Harnall Lane, Coventry, CV1 4FB" in text and "Bus 20 to Harnall Lane" in text
    assert "024 7600 0001" in text and "Ring the bell at the side door" in text
    assert "Aged 18 and over" in text and "Women only" in text
    # Never for the public: referral routes and internal contacts
    assert "intake-secret" not in text
    assert "Priya" not in text and "07700 900999" not in text
    # How to tell outreach and make a Duty to Refer, with the council's housing options
    assert "http://testserver/alerts/" in text and "StreetLink" in text
    assert "http://testserver/referrals/new/" in text
    assert "Housing Options Team" in text and "024 7683 4000" in text
    assert f"Made on {timezone.localdate():%-d %B %Y}" in text


def test_each_audience_gets_its_own_services_and_words(coordinator_client, directory):
    def text(audience):
        url = reverse("directory:toolkit_pdf", args=["coventry", audience])
        return _text(_reader(coordinator_client.get(url)))

    hospitals = text("hospitals")
    assert hospitals.index("Hospital Discharge Hub") < hospitals.index("Harnall Lane Day Centre")
    assert "Foleshill Food Bank" not in hospitals
    assert "28 days" in hospitals and "You have the duty" in hospitals
    schools = text("schools")
    assert "family breakdown" in schools.lower() and "16 or 17 year old" in schools
    gps = text("gps")
    assert "Registering people with no fixed address" in gps
    assert "No services have been chosen for this leaflet yet" in gps
    jobcentres = text("jobcentres")
    assert "Sanctions" in jobcentres and "Bank accounts" in jobcentres
    assert "JobCentre Plus" in jobcentres


def test_the_public_pdf_needs_no_sign_in_and_is_the_same_leaflet(client, directory):
    url = reverse("services:toolkit_pdf", kwargs={"slug": "coventry", "audience": "hospitals"})
    assert url == "/services/coventry/toolkit/hospitals.pdf"
    reader = _reader(client.get(url))
    text = _text(reader)
    assert "Hospital Discharge Hub" in text and "Foleshill Food Bank" not in text
    assert "Priya" not in text and "intake-secret" not in text
    assert "http://testserver/services/coventry/toolkit/" in text


def test_a_chosen_service_at_a_virtual_location_shows_no_address(coordinator_client, world):
    online = Location.objects.create(
        partnership=world.coventry, name="Online", location_type=LocationType.VIRTUAL
    )
    service = make_service(world.coventry, "Web Chat Advice", location=online)
    choose(world.coventry, Audience.GPS, service)
    url = reverse("directory:toolkit_pdf", args=["coventry", "gps"])
    text = _text(_reader(coordinator_client.get(url)))
    assert "Web Chat Advice" in text and "Address" not in text
    assert "Ask the service" in text  # no hours given


def test_the_pdf_holds_no_personal_data_about_who_downloaded_it(
    coordinator_client, coordinator_user, directory
):
    url = reverse("directory:toolkit_pdf", args=["coventry", "schools"])
    text = _text(_reader(coordinator_client.get(url)))
    assert coordinator_user.email not in text and coordinator_user.full_name not in text


def test_the_made_date_is_today(coordinator_client, directory, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 1, 2))
    url = reverse("directory:toolkit_pdf", args=["coventry", "schools"])
    assert "Made on 2 January 2026" in _text(_reader(coordinator_client.get(url)))


def test_the_pdfs_queries_do_not_grow_with_its_services(
    coordinator_client, world, django_assert_max_num_queries
):
    def chosen(start, count):
        ToolkitChoice.objects.all().delete()
        place = make_location(world.coventry, f"Place {start}")
        made = []
        for n in range(start, start + count):
            service = make_service(
                world.coventry,
                f"Service {n:03d}",
                location=place,
                hours=(("MO", "09:00", "12:00"),),
                categories=("housing-advice",),
            )
            Phone.objects.create(service=service, number=f"024 7600 {n:04d}")
            made.append(service)
        choose(world.coventry, Audience.JOBCENTRES, *made)

    url = reverse("directory:toolkit_pdf", args=["coventry", "jobcentres"])
    chosen(0, 2)
    coordinator_client.get(url)
    chosen(2, 2)
    with django_assert_max_num_queries(40) as few:
        assert coordinator_client.get(url).status_code == 200
    chosen(10, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = _text(_reader(coordinator_client.get(url)))
    assert "Service 021" in text
