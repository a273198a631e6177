"""The specification's own examples (hsds3/examples/, unchanged) import and come back out of the
API equivalent: nothing in them is lost, changed or invented on the way through Waypost.

"Equivalent" is defined in hsds_checks.assert_equivalent: every key an example gives comes
back with the same value once numbers (35 and 35.0), date-times (…Z and +00:00) and times
(10:00 and 10:00:00) are normalised; lists of records are compared as sets keyed by id; and
the answer adds only reference ids (organization_id, service_id, location_id, taxonomy_id,
taxonomy_term_id, link_id) that point at records the example holds. Each answer validates
against the specification's schemas too.
"""

import copy
import uuid

import pytest

from waypost.directory.hsds_import import import_hsds
from waypost.directory.tests.hsds_checks import (
    assert_equivalent,
    assert_valid,
    assert_valid_response,
    example,
)
from waypost.testing.directory import make_service


def _import(world, data):
    report = import_hsds(data, partnership=world.coventry)
    assert report.changed
    return report


def test_the_full_service_example_comes_back_from_services_id(client, world):
    data = example("service_full.json")
    _import(world, data)
    response = client.get(f"/api/hsds/services/{data['id']}")
    assert response.status_code == 200
    body = response.json()
    assert_valid_response("/services/{id}", body)
    assert_equivalent(data, body)


def test_the_full_organization_example_comes_back_with_its_full_services(client, world):
    data = example("organization_full.json")
    _import(world, data)
    response = client.get(f"/api/hsds/organizations/{data['id']}", {"full_service": "true"})
    assert response.status_code == 200
    body = response.json()
    # openapi.json names compiled/organization.json: the plain schema with its parts.
    assert_valid_response("/organizations/{id}", body)
    for nested in body["services"]:
        assert_valid("compiled/service_with_definitions.json", nested)
    assert_equivalent(data, body)


def test_the_full_service_at_location_example_comes_back(client, world):
    data = example("service_at_location_full.json")
    _import(world, data)
    response = client.get(f"/api/hsds/service_at_locations/{data['id']}")
    assert response.status_code == 200
    body = response.json()
    # openapi.json names the service schema for this answer (a slip in the description):
    # check it against service_at_location.json, and its nested service as a service.
    assert_valid("service_at_location.json", body)
    assert_valid("compiled/service_with_definitions.json", body["service"])
    assert_equivalent(data, body)


def test_the_location_example_comes_back_inside_a_service_at_location(client, world):
    """HSDS has no /locations path: a location comes out where it is given, so give a
    Waypost service there and read it back through that service at location."""
    data = example("location.json")
    _import(world, data)
    service = make_service(world.coventry, "Drop-in")
    link = {
        "id": "0b0e7c52-57a7-4a4b-9d4b-0f0c3b1f5d11",
        "service_id": str(service.pk),
        "location_id": data["id"],
    }
    _import(world, link)
    body = client.get(f"/api/hsds/service_at_locations/{link['id']}").json()
    assert_valid("service_at_location.json", body)
    assert_equivalent(data, body["location"])


def test_the_service_list_example_comes_back_as_a_list_item(client, world):
    data = example("service_list.json")
    _import(world, data)
    body = client.get("/api/hsds/services").json()
    assert_valid_response("/services", body)
    assert (body["total_items"], body["size"]) == (1, 1)
    assert_equivalent(data["contents"][0], body["contents"][0])


@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "organization_full.json",
        "service_at_location_full.json",
        "location.json",
        "service_list.json",
    ],
)
def test_each_example_imports_once_and_then_changes_nothing(world, name):
    first = import_hsds(example(name), partnership=world.coventry)
    again = import_hsds(example(name), partnership=world.coventry)
    assert sum(first.created.values()) > 0
    assert not again.changed, again.summary()
    assert sum(again.unchanged.values()) == sum(first.created.values())
    # The examples' latitude (100) is no place on Earth: kept, and said so both times.
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]


def test_the_equivalence_check_notices_a_change_a_loss_and_an_invention():
    data = example("service_full.json")
    same = copy.deepcopy(data)
    same["minimum_age"] = 12.0
    same["schedules"][0]["opens_at"] = "10:00"
    same["last_modified"] = "2023-03-15T10:30:45.123+00:00"
    same["service_areas"].reverse()
    same["organization_id"] = data["organization"]["id"]
    assert_equivalent(data, same)
    for spoil in (
        lambda d: d["phones"][0].update(number="024 7600 0000"),
        lambda d: d.pop("funding"),
        lambda d: d["phones"][0]["languages"][0].pop("note"),
        lambda d: d.update(colour="red"),
        lambda d: d.update(program_id=str(uuid.uuid4())),
        lambda d: d.update(location_id=str(uuid.uuid4())),
        lambda d: d["contacts"].append({"id": str(uuid.uuid4())}),
    ):
        spoiled = copy.deepcopy(data)
        spoil(spoiled)
        with pytest.raises(AssertionError):
            assert_equivalent(data, spoiled)


def test_the_schema_check_checks_formats():
    good = {"id": str(uuid.uuid4()), "name": "Soup run", "status": "active"}
    assert_valid("compiled/service_list.json", good)
    for bad in (
        {"id": "not-a-uuid"},
        {"last_modified": "yesterday"},
        {"email": "nobody"},
        {"url": "www.example.org"},
        {"status": "open"},
    ):
        with pytest.raises(AssertionError):
            assert_valid("compiled/service_list.json", good | bad)
