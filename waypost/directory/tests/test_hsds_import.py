"""import_hsds: what an HSDS 3 file changes, what it leaves alone, and what it reports.

Records are found again by their HSDS id; a record's own fields are replaced, its nested lists
replaced only when the file gives them; what is for professionals only is never touched; what
cannot be used is reported with its JSON path (waypost.directory.hsds_import)."""

import copy
import uuid
from datetime import UTC, datetime

import pytest

from waypost.directory import hsds_out as out
from waypost.directory.hsds_import import import_hsds
from waypost.directory.models import (
    Access,
    Contact,
    GenderServed,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)
from waypost.directory.terms import term_id
from waypost.directory.tests.hsds_checks import example
from waypost.testing.directory import make_location, make_organization, make_service

ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def _service(**fields):
    """A small service with its organisation nested."""
    data = {
        "id": SERVICE_ID,
        "name": "Breakfast run",
        "status": "active",
        "organization": {"id": ORG_ID, "name": "Street Aid", "description": "A charity."},
    }
    return data | fields


def _problems(report):
    return [str(p) for p in report.problems]


def test_fields_that_are_not_hsds_and_values_of_the_wrong_type_are_reported(world):
    data = _service(
        colour="blue",
        minimum_age="twelve",
        maximum_age=17.5,
        assured_date="last Tuesday",
        phones=[{"id": str(uuid.uuid4()), "number": "024 7600 0000", "extension": "x"}],
    )
    report = import_hsds(data, partnership=world.coventry)
    assert _problems(report) == [
        "$.minimum_age: should be a number: left out",
        "$.maximum_age: should be a whole number: left out",
        "$.assured_date: should be a date like 2025-01-31: left out",
        "$.colour: is not an HSDS 3 field: left out",
        "$.phones[0].extension: should be a number: left out",
    ]
    service = Service.objects.get()
    assert (service.name, service.minimum_age, service.assured_date) == (
        "Breakfast run",
        None,
        None,
    )
    assert "colour" not in service.hsds_extra
    assert service.phones.get().number == "024 7600 0000"


def test_text_too_long_for_its_column_is_reported_not_cut(world):
    report = import_hsds(_service(alternate_name="x" * 201), partnership=world.coventry)
    assert _problems(report) == ["$.alternate_name: is longer than 200 characters: left out"]
    assert Service.objects.get().alternate_name == ""


def test_a_service_with_no_organisation_is_left_out(world):
    data = {"id": SERVICE_ID, "name": "Orphan", "status": "active"}
    report = import_hsds(data, partnership=world.coventry)
    assert _problems(report) == [
        "$: this service has no organisation this partnership has: left out"
    ]
    assert not Service.objects.exists()
    data["organization_id"] = str(uuid.uuid4())
    report = import_hsds(data, partnership=world.coventry)
    assert "$.organization_id: no organisation of this partnership has this id" in _problems(report)
    assert not Service.objects.exists()


def test_a_service_may_name_an_organisation_the_partnership_has(world):
    org = make_organization(world.coventry, "Coventry Day Centre")
    data = {"id": SERVICE_ID, "name": "Lunch", "status": "active", "organization_id": str(org.pk)}
    report = import_hsds(data, partnership=world.coventry)
    assert not report.problems
    assert Service.objects.get().organization == org


def test_ids_another_partnership_uses_are_left_alone(world):
    import_hsds(example("service_full.json"), partnership=world.birmingham)
    before = Service.objects.get()
    report = import_hsds(example("service_full.json"), partnership=world.coventry)
    assert _problems(report) == ["$.id: another partnership's service has this id: left alone"]
    org = {"id": ORG_ID, "name": "Example", "description": "Another copy."}
    report = import_hsds(org, partnership=world.coventry)
    assert _problems(report) == ["$.id: another partnership's organisation has this id: left alone"]
    assert not report.changed
    service = Service.objects.get()
    assert service.partnership == world.birmingham
    assert service.version == before.version


def test_a_latitude_that_is_no_place_is_kept_and_flagged(world):
    report = import_hsds(example("location.json"), partnership=world.coventry)
    assert _problems(report) == [
        "$.latitude: is outside -90 to 90: kept, but not used for distances"
    ]
    assert Location.objects.get().latitude == 100


def test_what_waypost_does_not_use_is_kept_as_it_came(world):
    data = example("service_full.json")
    import_hsds(data, partnership=world.coventry)
    service = Service.objects.get()
    assert service.hsds_extra == {
        key: data[key]
        for key in ("service_areas", "funding", "program", "required_documents", "metadata")
    }
    org = Organization.objects.get()
    assert set(org.hsds_extra) == {"funding", "programs", "organization_identifiers"}
    # The example's phone languages are rows; the attribute's term and taxonomy are records.
    assert service.phones.get().languages.get().name == "Urdu"
    term = TaxonomyTerm.objects.get(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert (term.taxonomy.name, term.parent_uid) == ("name", "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2")


def _eligibility(*codes):
    return [{"id": str(uuid.uuid4()), "taxonomy_term_id": str(term_id(code))} for code in codes]


def test_eligibility_attributes_set_the_columns_and_come_back_out(world):
    data = _service(attributes=_eligibility("women-only", "no-recourse-accepted", "appointment"))
    report = import_hsds(data, partnership=world.coventry)
    assert not report.problems
    service = Service.objects.get()
    assert service.gender == GenderServed.WOMEN
    assert service.accepts_no_recourse and not service.needs_local_connection
    assert service.access == Access.APPOINTMENT
    assert not service.attributes.exists()  # columns, not category rows
    found = out.service_out(out.full_services(Service.objects.all()).get())
    codes = [a["taxonomy_term"]["code"] for a in found["attributes"]]
    assert codes == ["women-only", "no-recourse-accepted", "appointment"]
    # Without them again the service is for anyone, walk-in (the defaults say nothing).
    import_hsds(_service(attributes=[]), partnership=world.coventry)
    service.refresh_from_db()
    assert (service.gender, service.accepts_no_recourse, service.access) == (
        GenderServed.ANYONE,
        False,
        Access.WALK_IN,
    )


def test_contradicting_eligibility_attributes_are_reported(world):
    report = import_hsds(
        _service(attributes=_eligibility("women-only", "men-only")), partnership=world.coventry
    )
    assert _problems(report) == ["$.attributes[1]: contradicts $.attributes[0]: left out"]
    assert Service.objects.get().gender == GenderServed.WOMEN


def test_categories_link_to_waypost_terms_without_changing_them(world):
    food = str(term_id("food"))
    attributes = [
        {"id": str(uuid.uuid4()), "taxonomy_term_id": food},
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {"id": str(term_id("dental")), "name": "Teeth", "description": "x"},
        },
    ]
    report = import_hsds(_service(attributes=attributes), partnership=world.coventry)
    assert not report.problems
    service = Service.objects.get()
    assert {a.taxonomy_term.code for a in service.attributes.all()} == {"food", "dental"}
    assert TaxonomyTerm.objects.get(pk=term_id("dental")).name == "Dental"


def test_an_attribute_whose_term_is_not_known_is_kept_and_comes_back(world):
    unknown = {"id": str(uuid.uuid4()), "taxonomy_term_id": str(uuid.uuid4()), "value": "x"}
    report = import_hsds(_service(attributes=[unknown]), partnership=world.coventry)
    assert _problems(report) == ["$.attributes[0]: its taxonomy term is not known: kept as it came"]
    found = out.service_out(out.full_services(Service.objects.all()).get())
    assert found["attributes"] == [unknown]


def test_a_second_run_replaces_nested_lists_but_not_what_is_for_professionals(world, admin_user):
    data = example("service_full.json")
    import_hsds(data, partnership=world.coventry)
    service = Service.objects.get()
    service.referral_route = "Email referrals@streetaid.example with the referral form."
    service.save()
    Contact.objects.create(
        service=service, name="Duty worker", email="duty@example.org", internal=True
    )
    Schedule.objects.create(service=service, freq="WEEKLY", byday="MO", bank_holidays_only=True)
    changed = copy.deepcopy(data)
    del changed["last_modified"]  # so Waypost says when it changed
    changed["phones"][0]["number"] = "024 7600 1111"
    changed["contacts"] = []
    report = import_hsds(changed, partnership=world.coventry)
    assert report.updated["service"] == 1
    service.refresh_from_db()
    assert service.phones.get().number == "024 7600 1111"
    assert list(service.contacts.values_list("name", flat=True)) == ["Duty worker"]
    assert service.schedules.filter(bank_holidays_only=True).count() == 1
    assert service.referral_route.startswith("Email referrals")
    assert service.last_modified > datetime(2024, 1, 1, tzinfo=UTC)
    again = import_hsds(changed, partnership=world.coventry)
    assert not again.changed


def test_a_page_of_list_items_updates_services_without_wiping_their_lists(world):
    import_hsds(example("service_full.json"), partnership=world.coventry)
    page = example("service_list.json")
    page["contents"][0]["name"] = "Community Counselling (renamed)"
    report = import_hsds(page, partnership=world.coventry)
    assert report.updated["service"] == 1
    service = Service.objects.get()
    assert service.name == "Community Counselling (renamed)"
    assert service.phones.count() == 1 and service.at_locations.count() == 1
    assert service.hsds_extra["funding"]  # kept lists stay when the file leaves them out
    assert Organization.objects.get().locations.count() == 1


def test_a_place_left_out_of_service_at_locations_is_dropped(world):
    data = example("service_full.json")
    import_hsds(data, partnership=world.coventry)
    data["service_at_locations"] = []
    report = import_hsds(data, partnership=world.coventry)
    assert report.updated["service"] == 1
    assert not ServiceAtLocation.objects.exists()
    assert Location.objects.exists()  # the place itself stays


def test_a_list_is_imported_organisations_first(world):
    org = {"id": ORG_ID, "name": "Street Aid", "description": "A charity."}
    service = {"id": SERVICE_ID, "name": "Soup run", "status": "active", "organization_id": ORG_ID}
    report = import_hsds([service, org, {"nonsense": True}], partnership=world.coventry)
    assert _problems(report) == [
        "$[2]: is not an organisation, service, service at location, location, taxonomy or "
        "taxonomy term: left out"
    ]
    assert (report.created["organization"], report.created["service"]) == (1, 1)


def test_taxonomies_and_terms_may_come_on_their_own(world, client):
    taxonomy = {"id": str(uuid.uuid4()), "name": "Local needs", "description": "x", "version": "2"}
    term = {
        "id": str(uuid.uuid4()),
        "name": "Sleeping bags",
        "description": "Given out by outreach.",
        "taxonomy_id": taxonomy["id"],
    }
    report = import_hsds({"contents": [term, taxonomy]}, partnership=world.coventry)
    assert not report.problems
    assert (report.created["taxonomy"], report.created["taxonomy_term"]) == (1, 1)
    assert TaxonomyTerm.objects.get(pk=term["id"]).taxonomy.name == "Local needs"
    assert not Organization.objects.exists()


def test_a_record_repeated_differently_is_reported_and_the_first_used(world):
    first = _service()
    second = _service(name="Another name")
    report = import_hsds([first, second], partnership=world.coventry)
    assert _problems(report) == [
        "$[1]: this service appears earlier in the file with different values: the first is used"
    ]
    assert Service.objects.get().name == "Breakfast run"


def test_a_dry_run_counts_but_saves_nothing(world):
    report = import_hsds(example("service_full.json"), partnership=world.coventry, dry_run=True)
    assert report.created["service"] == 1 and report.dry_run
    assert not Service.objects.exists() and not Phone.objects.exists()


def test_waypost_services_come_out_and_import_back_unchanged(world):
    """The other way round: the API's own answer is a file the import reads as no change."""
    area_org = make_organization(world.coventry, "Coventry Day Centre", agency=world.shelter)
    place = make_location(world.coventry, organization=area_org)
    service = make_service(
        world.coventry,
        "Women's breakfast",
        organization=area_org,
        categories=("food", "womens-services"),
        location=place,
        hours=(("MO,WE,FR", "08:00", "10:00"),),
        gender=GenderServed.WOMEN,
        needs_local_connection=True,
        access=Access.REFERRAL,
        referral_route="Ring the duty desk.",
    )
    Contact.objects.create(service=service, name="Key worker", internal=True)
    body = out.service_out(out.full_services(Service.objects.all()).get())
    report = import_hsds(body, partnership=world.coventry)
    assert not report.problems
    assert not report.changed, report.summary()
    service.refresh_from_db()
    assert service.referral_route == "Ring the duty desk."
    assert service.contacts.get().internal
    assert ServiceAttribute.objects.filter(service=service).count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "open", "should be one of active, inactive, defunct, temporarily closed"),
        ("last_modified", "yesterday", "should be a date and time like 2025-01-31T09:30:00Z"),
        ("name", 42, "should be text"),
    ],
)
def test_bad_core_values_are_reported(world, field, value, message):
    report = import_hsds(_service(**{field: value}), partnership=world.coventry)
    assert f"$.{field}: {message}: left out" in _problems(report)
