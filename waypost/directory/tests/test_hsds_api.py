"""The HSDS 3 API at /api/hsds/: public, rate-limited JSON that validates against the
specification's schemas, with its filters and pages, clear 400s and 404s, a fixed number of
queries per page, and never anything for professionals only."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.accounts.models import ApiToken
from waypost.directory import hsds_out as out
from waypost.directory.hsds_api import MAX_PER_PAGE, page_of
from waypost.directory.models import (
    Access,
    Contact,
    GenderServed,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from waypost.directory.terms import CATEGORY_TAXONOMY, ELIGIBILITY_TAXONOMY, taxonomy_id, term_id
from waypost.directory.tests.hsds_checks import assert_valid, assert_valid_response
from waypost.referrals.ratelimit import PublicApiThrottle
from waypost.testing.directory import make_location, make_organization, make_service

API = "/api/hsds"
SECRETS = ("Duty desk direct line", "duty.worker@", "Ring 07700 900123 and ask for the duty")


@pytest.fixture
def directory(world):
    """Three Coventry services (one with professionals-only details) and one in Birmingham."""
    centre = make_organization(world.coventry, "Coventry Day Centre", agency=world.shelter)
    place = make_location(world.coventry, organization=centre)
    breakfast = make_service(
        world.coventry,
        "Breakfast club",
        organization=centre,
        location=place,
        hours=(("MO,TU,WE,TH,FR", "08:00", "10:00"),),
    )
    shelter = make_service(
        world.coventry,
        "Women's night shelter",
        organization=centre,
        categories=("emergency-accommodation", "womens-services"),
        location=place,
        gender=GenderServed.WOMEN,
        access=Access.REFERRAL,
        referral_route=SECRETS[2],
    )
    Schedule.objects.create(service=shelter, freq="DAILY", opens_at="20:00", closes_at="08:00")
    Schedule.objects.create(
        service=shelter, freq="WEEKLY", byday="MO", opens_at="18:00", bank_holidays_only=True
    )
    Contact.objects.create(service=shelter, name="Reception", email="reception@example.org")
    secret = Contact.objects.create(
        service=shelter, name=SECRETS[0], email="duty.worker@example.org", internal=True
    )
    Phone.objects.create(contact=secret, number="07700 900123")
    Contact.objects.create(organization=centre, name=SECRETS[0], internal=True)
    Contact.objects.create(location=place, name=SECRETS[0], internal=True)
    sal = shelter.at_locations.get()
    Contact.objects.create(service_at_location=sal, name=SECRETS[0], internal=True)
    phone = Phone.objects.create(service=shelter, number="024 7600 0000", type="voice")
    Language.objects.create(phone=phone, name="Polish", code="pl")
    dentist = make_service(
        world.coventry,
        "Dental clinic",
        organization=make_organization(world.coventry, "Harnall Lane Dental"),
        categories=("dental",),
        access=Access.APPOINTMENT,
        accepts_no_recourse=True,
    )
    brum = make_organization(world.birmingham, "Digbeth Hub")
    lunch = make_service(
        world.birmingham,
        "Digbeth lunch",
        organization=brum,
        location=make_location(world.birmingham, "Digbeth Hub", organization=brum),
    )
    return {
        "centre": centre,
        "place": place,
        "breakfast": breakfast,
        "shelter": shelter,
        "dentist": dentist,
        "lunch": lunch,
        "sal": sal,
    }


def _get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "public, max-age=300"
    return response.json()


def _names(body):
    return [item["name"] for item in body["contents"]]


# ---------------------------------------------------------------------------------------------
# Every endpoint's answer validates


def test_the_root_says_which_hsds_and_where_its_description_is(client, db):
    body = _get(client, "/")
    assert_valid_response("/", body)
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/api/hsds/openapi.json"


def test_the_openapi_description_is_hsds_with_waypost_details(client, db):
    from waypost.directory.hsds_api import OPENAPI_PATH

    body = _get(client, "/openapi.json")
    upstream = json.loads(OPENAPI_PATH.read_text())
    assert body["paths"].keys() == upstream["paths"].keys()
    assert body["components"]["schemas"] == upstream["components"]["schemas"]
    assert body["info"]["license"]["name"] == "CC BY-SA 4.0"
    assert "REQUIRED" not in json.dumps(body["info"])
    assert body["servers"] == [{"url": "http://testserver/api/hsds"}]
    parameters = body["paths"]["/services"]["get"]["parameters"]
    assert {"$ref": "#/components/parameters/partnership"} in parameters


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/services", {}),
        ("/services", {"minimal": "true"}),
        ("/services", {"full": "true"}),
        ("/organizations", {}),
        ("/organizations", {"full": "true"}),
        ("/organizations", {"full_service": "true"}),
        ("/service_at_locations", {}),
        ("/service_at_locations", {"full": "true"}),
        ("/taxonomies", {}),
        ("/taxonomy_terms", {}),
    ],
)
def test_every_list_validates(client, directory, path, params):
    body = _get(client, path, **params)
    assert_valid_response(path, body)
    assert body["contents"]
    # A full list's records validate as full records too.
    if path == "/services" and params.get("full"):
        for item in body["contents"]:
            assert_valid("compiled/service_with_definitions.json", item)
    if path == "/organizations" and params:
        for item in body["contents"]:
            assert_valid("organization.json", item)
    if path == "/service_at_locations" and params:
        for item in body["contents"]:
            assert_valid("service_at_location.json", item)
            assert_valid("compiled/service_with_definitions.json", item["service"])


def test_every_record_validates(client, directory):
    shelter, centre, sal = directory["shelter"], directory["centre"], directory["sal"]
    assert_valid_response("/services/{id}", _get(client, f"/services/{shelter.pk}"))
    for params in ({}, {"full_service": "true"}):
        body = _get(client, f"/organizations/{centre.pk}", **params)
        assert_valid_response("/organizations/{id}", body)
        assert_valid_response("/organizations", {"contents": [body]})  # as an organization_list
    body = _get(client, f"/service_at_locations/{sal.pk}")
    assert_valid("service_at_location.json", body)
    assert_valid("compiled/service_with_definitions.json", body["service"])
    category = taxonomy_id(CATEGORY_TAXONOMY)
    assert_valid_response("/taxonomies/{id}", _get(client, f"/taxonomies/{category}"))
    term = term_id("dental")
    assert_valid_response("/taxonomy_terms/{id}", _get(client, f"/taxonomy_terms/{term}"))


def test_a_services_eligibility_and_categories_are_attributes(client, directory):
    body = _get(client, f"/services/{directory['shelter'].pk}")
    terms = [
        (a["taxonomy_term"]["code"], a["taxonomy_term"]["taxonomy"]) for a in body["attributes"]
    ]
    assert terms == [
        ("women-only", "Waypost eligibility"),
        ("referral-needed", "Waypost eligibility"),
        ("emergency-accommodation", "Waypost service categories"),
        ("womens-services", "Waypost service categories"),
    ]
    # The same ids from one call to the next.
    assert body["attributes"] == _get(client, f"/services/{directory['shelter'].pk}")["attributes"]
    # A daily rule goes out as weekly on every day; bank-holiday hours stay in.
    assert [(s["freq"], s["byday"]) for s in body["schedules"]] == [
        ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU")
    ]
    assert body["phones"][-1]["languages"][0]["code"] == "pl"


def test_nothing_for_professionals_only_ever_comes_out(client, directory):
    shelter, centre, sal = directory["shelter"], directory["centre"], directory["sal"]
    answers = [
        _get(client, "/services", full="true"),
        _get(client, f"/services/{shelter.pk}"),
        _get(client, "/organizations", full_service="true"),
        _get(client, f"/organizations/{centre.pk}", full_service="true"),
        _get(client, "/service_at_locations", full="true"),
        _get(client, f"/service_at_locations/{sal.pk}"),
    ]
    for answer in answers:
        text = json.dumps(answer)
        assert "Reception" in text or "Breakfast" in text
        for secret in SECRETS:
            assert secret not in text
        assert "referral_route" not in text


# ---------------------------------------------------------------------------------------------
# Filters and pages


def test_services_are_found_by_words_term_taxonomy_organisation_and_partnership(client, directory):
    assert _names(_get(client, "/services")) == [
        "Breakfast club",
        "Dental clinic",
        "Digbeth lunch",
        "Women's night shelter",
    ]
    assert _names(_get(client, "/services", search="BREAKFAST")) == ["Breakfast club"]
    assert _names(_get(client, "/services", search="harnall lane")) == ["Dental clinic"]
    food = term_id("food")
    assert _names(_get(client, "/services", taxonomy_term_id=food)) == [
        "Breakfast club",
        "Digbeth lunch",
    ]
    women = term_id("women-only")
    assert _names(_get(client, "/services", taxonomy_term_id=women)) == ["Women's night shelter"]
    walk_in = term_id("walk-in")
    assert _names(_get(client, "/services", taxonomy_term_id=walk_in)) == [
        "Breakfast club",
        "Digbeth lunch",
    ]
    eligibility = taxonomy_id(ELIGIBILITY_TAXONOMY)
    assert _names(_get(client, "/services", taxonomy_id=eligibility)) == [
        "Dental clinic",
        "Women's night shelter",
    ]
    assert len(_names(_get(client, "/services", taxonomy_id=taxonomy_id(CATEGORY_TAXONOMY)))) == 4
    centre = directory["centre"].pk
    assert _names(_get(client, "/services", organization_id=centre, partnership="coventry")) == [
        "Breakfast club",
        "Women's night shelter",
    ]
    assert _names(_get(client, "/services", partnership="birmingham")) == ["Digbeth lunch"]


def test_services_changed_since_a_time(client, directory):
    long_ago = timezone.now() - timedelta(days=30)
    Service.objects.exclude(pk=directory["dentist"].pk).update(last_modified=long_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert _names(_get(client, "/services", modified_after=since)) == ["Dental clinic"]
    assert _names(_get(client, "/services", modified_after="2000-01-01T00:00:00Z")) == [
        "Breakfast club",
        "Dental clinic",
        "Digbeth lunch",
        "Women's night shelter",
    ]


def test_minimal_gives_ids_and_times_and_full_gives_everything(client, directory):
    minimal = _get(client, "/services", minimal="true")["contents"][0]
    assert set(minimal) == {"id", "name", "status", "last_modified"}
    full = _get(client, "/services", full="true", search="shelter")["contents"][0]
    assert {"phones", "contacts", "attributes", "service_at_locations"} <= set(full)
    plain = _get(client, "/services", search="shelter")["contents"][0]
    assert "phones" not in plain and plain["organization"]["name"] == "Coventry Day Centre"


def test_pages(client, directory):
    first = _get(client, "/services", per_page=3)
    assert (first["total_items"], first["total_pages"], first["size"]) == (4, 2, 3)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    second = _get(client, "/services", per_page=3, page=2)
    assert _names(second) == ["Women's night shelter"]
    assert (second["first_page"], second["last_page"]) == (False, True)
    past = _get(client, "/services", per_page=3, page=5)
    assert (past["size"], past["empty"], past["contents"]) == (0, True, [])
    assert _get(client, "/services", per_page=MAX_PER_PAGE)["size"] == 4
    none = _get(client, "/services", search="nothing like this")
    assert (none["total_items"], none["total_pages"], none["empty"]) == (0, 0, True)


def test_services_at_locations_filter_by_service_and_place(client, directory):
    body = _get(client, "/service_at_locations", partnership="coventry")
    assert [i["service"]["name"] for i in body["contents"]] == [
        "Breakfast club",
        "Women's night shelter",
    ]
    assert body["contents"][0]["location"]["name"] == "Day centre, Harnall Lane"
    by_place = _get(client, "/service_at_locations", search="digbeth hub")
    assert [i["service"]["name"] for i in by_place["contents"]] == ["Digbeth lunch"]
    women = _get(client, "/service_at_locations", taxonomy_term_id=term_id("women-only"))
    assert [i["service_id"] for i in women["contents"]] == [str(directory["shelter"].pk)]


def test_organisations_and_their_services(client, directory):
    assert _names(_get(client, "/organizations", partnership="coventry")) == [
        "Coventry Day Centre",
        "Harnall Lane Dental",
    ]
    assert _names(_get(client, "/organizations", search="digbeth")) == ["Digbeth Hub"]
    body = _get(client, f"/organizations/{directory['centre'].pk}")
    assert [s["name"] for s in body["services"]] == ["Breakfast club", "Women's night shelter"]
    assert "phones" not in body["services"][0]
    full = _get(client, f"/organizations/{directory['centre'].pk}", full_service="true")
    assert "attributes" in full["services"][1]


def test_taxonomy_terms_by_taxonomy_parent_and_top_level(client, db):
    categories = taxonomy_id(CATEGORY_TAXONOMY)
    health = _get(client, "/taxonomy_terms", parent_id=term_id("health"))
    assert [t["code"] for t in health["contents"]] == [
        "gp-no-fixed-abode",
        "nurse",
        "dental",
        "mental-health",
        "drugs-alcohol",
    ]
    top = _get(client, "/taxonomy_terms", taxonomy_id=categories, top_only="true", per_page=100)
    assert "health" in [t["code"] for t in top["contents"]]
    assert "dental" not in [t["code"] for t in top["contents"]]
    assert _get(client, "/taxonomy_terms", search="dental")["contents"][0]["code"] == "dental"
    assert len(_get(client, "/taxonomies")["contents"]) == 2


def test_paths_work_with_and_without_a_trailing_slash(client, directory):
    assert _get(client, "/services") == _get(client, "/services/")
    shelter = directory["shelter"].pk
    assert _get(client, f"/services/{shelter}") == _get(client, f"/services/{shelter}/")


# ---------------------------------------------------------------------------------------------
# Bad requests


@pytest.mark.parametrize(
    ("path", "params", "attr"),
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "two"}, "page"),
        ("/services", {"per_page": str(MAX_PER_PAGE + 1)}, "per_page"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"taxonomy_term_id": "food"}, "taxonomy_term_id"),
        ("/services", {"organization_id": "42"}, "organization_id"),
        ("/services", {"minimal": "maybe"}, "minimal"),
        ("/services", {"minimal": "true", "full": "true"}, "minimal"),
        ("/services", {"partnership": "atlantis"}, "partnership"),
        ("/services", {"format": "ndjson"}, "format"),
        ("/service_at_locations", {"postcode": "CV1 4FB"}, "postcode"),
        ("/taxonomy_terms", {"parent_id": "health"}, "parent_id"),
        ("/services/not-a-uuid", {}, "id"),
        ("/organizations/42", {}, "id"),
    ],
)
def test_bad_parameters_are_a_clear_400(client, db, path, params, attr):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == attr
    assert error["detail"].endswith(".")


@pytest.mark.parametrize(
    "path",
    ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"],
)
def test_an_unknown_id_is_404(client, db, path):
    response = client.get(f"{API}/{path}/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_only_get_is_allowed(client, db):
    assert client.post(f"{API}/services", {}).status_code == 405


# ---------------------------------------------------------------------------------------------
# Cost and limits


def _add_services(world, count, start):
    centre = make_organization(world.coventry, f"Organisation {start}")
    for n in range(start, start + count):
        place = make_location(world.coventry, f"Place {n}", organization=centre)
        service = make_service(
            world.coventry,
            f"Service {n}",
            organization=centre,
            categories=("food", "dental"),
            location=place,
            hours=(("MO", "09:00", "17:00"),),
            gender=GenderServed.MEN,
        )
        phone = Phone.objects.create(service=service, number="024 7600 0000")
        Language.objects.create(phone=phone, name="Welsh")
        contact = Contact.objects.create(service=service, name="Front desk")
        Phone.objects.create(contact=contact, number="024 7600 0001")
        sal = ServiceAtLocation.objects.get(service=service)
        Contact.objects.create(service_at_location=sal, name="Desk")


# Pinned: a count, a page, then one query per nested list (see hsds_out's *_lookups).
FULL_SERVICES_QUERIES = 31
LIST_QUERIES = 2


@pytest.mark.parametrize("count", [1, 6])
def test_a_page_costs_the_same_queries_whatever_its_size(world, django_assert_num_queries, count):
    _add_services(world, count, 0)
    rows = Service.objects.order_by("name")
    with django_assert_num_queries(FULL_SERVICES_QUERIES):
        body = page_of(out.full_services(rows), 1, 50, out.service_out)
    assert body["size"] == count
    with django_assert_num_queries(LIST_QUERIES):
        page_of(rows.select_related("organization"), 1, 50, out.service_list_item)
    with django_assert_num_queries(LIST_QUERIES):
        sals = ServiceAtLocation.objects.select_related("service__organization", "location")
        page_of(sals.order_by("id"), 1, 50, out.service_at_location_list_item)


def test_the_endpoints_cost_the_same_queries_for_a_bigger_page(client, world):
    paths = ("/services?full=true", "/organizations?full_service=true",
             "/service_at_locations?full=true", "/services", "/service_at_locations")  # fmt: skip

    def counts():
        found = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{API}{path}").status_code == 200
            found.append(len(queries))
        return found

    _add_services(world, 2, 0)
    small = counts()
    _add_services(world, 6, 10)
    assert counts() == small


def test_calls_without_a_token_are_limited_and_a_token_lifts_the_limit(
    client, directory, outreach_user, monkeypatch
):
    monkeypatch.setattr(PublicApiThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert client.get(f"{API}/services").status_code == 200
    assert client.get(f"{API}/taxonomies").status_code == 200
    response = client.get(f"{API}/services")
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    raw, hashed = ApiToken.new_token()
    ApiToken.objects.create(
        user=outreach_user, name="Partner app", prefix=raw[:8], token_hash=hashed,
        expires_at=ApiToken.default_expiry(),
    )  # fmt: skip
    for _ in range(3):
        assert client.get(f"{API}/services", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200
    assert client.get(f"{API}/services", HTTP_AUTHORIZATION="Token wp_nope").status_code == 401


def test_the_hsds_paths_are_not_in_waypost_own_schema(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert not [path for path in schema["paths"] if path.startswith("/api/hsds")]
