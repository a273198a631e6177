"""Adding and changing a service: what is saved (categories, places, contacts, the weekly grid
as Schedule rows, including past midnight and bank holidays), errors that keep everything
typed, and the version check that stops one tab overwriting another's save."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.directory.manage_actions import STALE_SERVICE
from waypost.directory.models import (
    BankHolidays,
    Contact,
    Location,
    Schedule,
    Service,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from waypost.directory.opening import hours_for, opening_lines
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    form_values,
    new_service_data,
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.directory import make_area

NEW = reverse("directory:service_new")


def _edit(service):
    return reverse("directory:service_edit", args=[service.pk])


def _rows(service):
    return sorted(
        (s.byday, s.opens_at, s.closes_at, s.bank_holidays_only)
        for s in Schedule.objects.filter(service=service)
    )


# --- Adding ------------------------------------------------------------------------------------
def test_a_worker_adds_a_service_with_its_place_hours_and_contacts(
    outreach_client, outreach_user, outreach_org, world
):
    area = make_area(world.coventry, "Hillfields")
    data = new_service_data(
        **{
            "places": ["new"],
            "place-name": "St Peter's hall",
            "place-address_1": "Charles Street",
            "place-city": "Coventry",
            "place-postal_code": "cv1 5ne",
            "place-area": str(area.pk),
            "place-transportation": "Buses 4 and 5 stop outside",
            "place-accessibility": "Step-free entrance",
            "place-latitude": "52.4135",
            "place-longitude": "-1.4980",
            "hours-mo_opens": "9",
            "hours-mo_closes": "5pm",
            "hours-tu_opens": "09:00",
            "hours-tu_closes": "17:00",
            "hours-sa_opens": "20:00",
            "hours-sa_closes": "08:00",
            "contacts-0-title": "Duty worker",
            "contacts-0-phone": "07700 900123",
            "contacts-0-who_sees": "internal",
        }
    )
    response = outreach_client.post(NEW, data)
    assert response.status_code == 302, response.text
    service = Service.objects.get(name="Harnall Lane breakfast club")
    assert service.organization == outreach_org and service.partnership == world.coventry
    assert service.last_checked_by == outreach_user
    assert {a.taxonomy_term.code for a in service.attributes.select_related("taxonomy_term")} == {
        "food",
        "day-centres",
    }
    assert [lang.name for lang in service.languages.all()] == ["English", "Polish"]
    assert service.phones.get().number == "024 7696 0123"
    place = service.at_locations.get().location
    assert (place.name, place.area, place.latitude, place.longitude) == (
        "St Peter's hall",
        area,
        52.4135,
        -1.498,
    )
    assert place.addresses.get().postal_code == "CV1 5NE"
    assert place.accessibility.get().description == "Step-free entrance"
    contact = Contact.objects.get(service=service)
    assert contact.internal and contact.title == "Duty worker"
    assert contact.phones.get().number == "07700 900123"
    # Monday and Tuesday share their hours: one rule. Saturday night runs past midnight.
    assert _rows(service) == [
        ("MO,TU", time(9), time(17), False),
        ("SA", time(20), time(8), False),
    ]
    assert opening_lines(hours_for(_hours_ready(service))) == [
        "Monday and Tuesday: 9am to 5pm",
        "Saturday: 8pm to 8am the next morning",
    ]


def _hours_ready(service):
    from waypost.directory.opening import HOURS_PREFETCH

    return Service.objects.prefetch_related(*HOURS_PREFETCH).get(pk=service.pk)


def test_a_night_shelter_open_every_night_is_one_rule_past_midnight(outreach_client, outreach_org):
    data = new_service_data(name="Night shelter", categories=["emergency-accommodation"])
    for code in ("mo", "tu", "we", "th", "fr", "sa", "su"):
        data[f"hours-{code}_opens"] = "20:00"
        data[f"hours-{code}_closes"] = "08:00"
    assert outreach_client.post(NEW, data).status_code == 302
    service = Service.objects.get(name="Night shelter")
    assert _rows(service) == [("MO,TU,WE,TH,FR,SA,SU", time(20), time(8), False)]
    assert opening_lines(hours_for(_hours_ready(service))) == [
        "Every day: 8pm to 8am the next morning"
    ]


def test_bank_holiday_hours_are_their_own_rule(outreach_client, outreach_org):
    data = new_service_data(
        **{
            "hours-mo_opens": "09:00",
            "hours-mo_closes": "15:00",
            "hours-bank_holidays": "special",
            "hours-holiday_opens": "10:00",
            "hours-holiday_closes": "14:00",
        }
    )
    assert outreach_client.post(NEW, data).status_code == 302
    service = Service.objects.get()
    assert service.bank_holidays == BankHolidays.SPECIAL
    assert _rows(service) == [("", time(10), time(14), True), ("MO", time(9), time(15), False)]


def test_different_bank_holiday_hours_need_their_times(outreach_client, outreach_org):
    data = new_service_data(**{"hours-bank_holidays": "special"})
    response = outreach_client.post(NEW, data)
    assert response.status_code == 200
    assert "Enter the bank holiday opening and closing times" in response.text
    assert not Service.objects.exists()


def test_mistakes_are_explained_and_nothing_typed_is_lost(outreach_client, outreach_org):
    data = new_service_data(
        **{
            "name": "",
            "description": "Hot meals every weekday, typed carefully",
            "minimum_age": "30",
            "maximum_age": "24",
            "categories": [],
            "email": "not an email",
            "places": ["new"],
            "place-address_1": "Charles Street",
            "place-city": "",
            "place-postal_code": "XYZ 123",
            "place-latitude": "152.1",
            "place-longitude": "",
            "hours-mo_opens": "9am",
            "hours-mo_closes": "",
            "hours-tu_opens": "25:00",
            "hours-tu_closes": "17:00",
            "contacts-0-email": "also not an email",
        }
    )
    response = outreach_client.post(NEW, data)
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page and "<title>Error:" in page
    for message in (
        "Enter the service&#x27;s name",
        "The oldest age must be the same as or above the youngest",
        "Choose at least one thing the service helps with",
        "Enter an email address in the correct format",
        "Enter the town or city",
        "Enter a real postcode",
        "Enter a latitude between 49.8 and 60.9",
        "Enter the time Monday closes, or leave both times empty",
        "Enter the time Tuesday opens as a time",
    ):
        assert message in page, message
    # Each message in the summary links to its field.
    assert 'href="#id_name"' in page and 'href="#id_categories_0"' in page
    assert 'href="#id_place-city"' in page and 'href="#id_hours-mo_closes"' in page
    typed = form_values(page)
    assert typed["description"] == "Hot meals every weekday, typed carefully"
    assert typed["place-address_1"] == "Charles Street"
    assert typed["place-postal_code"] == "XYZ 123"
    assert typed["hours-mo_opens"] == "9am" and typed["hours-tu_opens"] == "25:00"
    assert typed["minimum_age"] == "30" and typed["contacts-0-email"] == "also not an email"
    assert typed["places"] == "new"
    assert "!!MISSING" not in page
    assert not Service.objects.exists() and not Location.objects.exists()


def test_a_closing_time_on_its_own_is_a_mistake_and_equal_times_need_midnight(
    outreach_client, outreach_org
):
    data = new_service_data(
        **{"hours-we_closes": "17:00", "hours-th_opens": "09:00", "hours-th_closes": "9am"}
    )
    page = outreach_client.post(NEW, data).text
    assert "Enter the time Wednesday opens, or leave both times empty" in page
    assert "Thursday opens and closes at the same time" in page
    data = new_service_data(**{"hours-su_opens": "00:00", "hours-su_closes": "midnight"})
    assert outreach_client.post(NEW, data).status_code == 302
    assert _rows(Service.objects.get()) == [("SU", time(0), time(0), False)]


# --- Changing ----------------------------------------------------------------------------------
def test_the_edit_form_shows_the_service_as_it_is_and_saving_it_counts_as_a_check(
    outreach_client, outreach_user, outreach_service
):
    Service.objects.filter(pk=outreach_service.pk).update(
        last_checked_at=timezone.now() - timedelta(days=300), last_checked_by=None
    )
    page = outreach_client.get(_edit(outreach_service)).text
    values = form_values(page)
    assert values["name"] == "Street outreach drop-in"
    assert values["categories"] == "housing-advice"
    assert values["hours-mo_opens"] == "09:00" and values["hours-fr_closes"] == "17:00"
    assert values["hours-sa_opens"] == ""
    assert values["places"] == str(outreach_service.at_locations.get().location_id)
    assert "!!MISSING" not in page
    values["name"] = "Street outreach hub"
    values["hours-fr_closes"] = "16:00"
    response = outreach_client.post(_edit(outreach_service), values)
    assert response.status_code == 302, response.text
    service = Service.objects.get(pk=outreach_service.pk)
    assert service.name == "Street outreach hub"
    assert service.version == outreach_service.version + 1
    assert timezone.now() - service.last_checked_at < timedelta(minutes=1)
    assert service.last_checked_by == outreach_user
    assert service.last_modified > outreach_service.last_modified
    assert _rows(service) == [
        ("FR", time(9), time(16), False),
        ("MO,TU,WE,TH", time(9), time(17), False),
    ]
    assert service.at_locations.count() == 1  # still at its place


def test_a_save_from_a_stale_tab_is_refused_and_keeps_what_was_typed(
    outreach_client, coordinator_client, outreach_service
):
    mine = form_values(outreach_client.get(_edit(outreach_service)).text)
    theirs = form_values(coordinator_client.get(_edit(outreach_service)).text)
    theirs["description"] = "The coordinator's change"
    assert coordinator_client.post(_edit(outreach_service), theirs).status_code == 302

    mine["description"] = "My change, typed in the other tab"
    response = outreach_client.post(_edit(outreach_service), mine)
    assert response.status_code == 200
    assert "Someone else changed this service while you were editing it" in response.text
    assert STALE_SERVICE.split(".")[0] in response.text
    again = form_values(response.text)
    assert again["description"] == "My change, typed in the other tab"
    service = Service.objects.get(pk=outreach_service.pk)
    assert service.description == "The coordinator's change"
    # Saving again, having seen the message, goes through.
    assert outreach_client.post(_edit(outreach_service), again).status_code == 302
    assert Service.objects.get(pk=outreach_service.pk).description.startswith("My change")


def test_contacts_are_added_changed_and_removed(outreach_client, outreach_service):
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values.update(
        {
            "contacts-0-name": "Reception",
            "contacts-0-phone": "024 7696 0001",
            "contacts-0-who_sees": "public",
        }
    )
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    contact = Contact.objects.get(service=outreach_service)
    assert not contact.internal and contact.phones.get().number == "024 7696 0001"

    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    assert values["contacts-0-contact_id"] == str(contact.pk)
    assert values["contacts-TOTAL_FORMS"] == "2"
    values.update({"contacts-0-phone": "024 7696 0002", "contacts-0-who_sees": "internal"})
    values.update({"contacts-1-title": "Team leader", "contacts-1-email": "lead@outreach.example"})
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    contact.refresh_from_db()
    assert contact.internal and contact.phones.get().number == "024 7696 0002"
    assert Contact.objects.filter(service=outreach_service).count() == 2

    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["contacts-0-remove"] = "on"
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    assert list(
        Contact.objects.filter(service=outreach_service).values_list("title", flat=True)
    ) == ["Team leader"]


def test_categories_from_an_import_stay_when_waypost_categories_change(
    outreach_client, outreach_service
):
    taxonomy = Taxonomy.objects.create(name="Open Eligibility", description="Imported")
    imported = TaxonomyTerm.objects.create(taxonomy=taxonomy, name="Shelter", description="")
    ServiceAttribute.objects.create(service=outreach_service, taxonomy_term=imported)
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["categories"] = ["housing-advice", "benefits-advice"]
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    terms = set(outreach_service.attributes.values_list("taxonomy_term__name", flat=True))
    assert terms == {"Housing advice", "Benefits advice", "Shelter"}


def test_hours_the_grid_cannot_show_are_kept_unless_replaced(outreach_client, outreach_service):
    # A lunch club and a supper club on Mondays: two sessions in one day.
    Schedule.objects.create(
        service=outreach_service, freq="WEEKLY", byday="MO", opens_at=time(18), closes_at=time(20)
    )
    page = outreach_client.get(_edit(outreach_service)).text
    assert "Its hours were set in a way this grid cannot show" in page
    assert "Monday: 6pm to 8pm" in page
    values = form_values(page)
    assert values["hours-keep"] == "keep"
    values["hours-mo_opens"] = "not a time"  # ignored: the grid is not used
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    assert Schedule.objects.filter(service=outreach_service).count() == 2

    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values.update({"hours-keep": "replace", "hours-we_opens": "10:00", "hours-we_closes": "12:00"})
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    assert _rows(outreach_service) == [("WE", time(10), time(12), False)]


def test_a_service_moves_between_its_organisations_places(
    outreach_client, outreach_service, outreach_org, world
):
    from waypost.testing.directory import make_location

    other = make_location(world.coventry, "Outreach van", organization=outreach_org)
    elsewhere = make_location(world.coventry, "Someone else's hall")  # no organisation
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["places"] = [str(other.pk)]
    assert outreach_client.post(_edit(outreach_service), values).status_code == 302
    assert [sal.location for sal in outreach_service.at_locations.all()] == [other]
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["places"] = [str(elsewhere.pk)]
    response = outreach_client.post(_edit(outreach_service), values)
    assert response.status_code == 200
    assert (
        "Select a valid choice" in response.text or "Choose from the organisation" in response.text
    )


def test_the_public_phone_number_can_be_cleared(outreach_client, outreach_service):
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["phone"] = "024 7696 0999"
    outreach_client.post(_edit(outreach_service), values)
    assert outreach_service.phones.get().number == "024 7696 0999"
    values = form_values(outreach_client.get(_edit(outreach_service)).text)
    values["phone"] = ""
    outreach_client.post(_edit(outreach_service), values)
    assert not outreach_service.phones.exists()


def test_a_coordinator_chooses_the_organisation_first(coordinator_client, outreach_org, world):
    from waypost.testing.directory import make_organization

    make_organization(world.coventry, "St Michael's Food Bank")
    page = coordinator_client.get(NEW).text
    assert "Which organisation runs the service?" in page
    assert "St Michael&#x27;s Food Bank" in page and "Coventry Outreach" in page
    page = coordinator_client.get(f"{NEW}?organization={outreach_org.pk}").text
    assert "Save the service" in page
    data = new_service_data(organization=str(outreach_org.pk))
    assert coordinator_client.post(NEW, data).status_code == 302
    assert Service.objects.get().organization == outreach_org
