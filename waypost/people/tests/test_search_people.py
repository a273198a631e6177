"""search_people: by name (fuzzy, nicknames, aliases), date of birth or identifier, and only
what the user may see."""

from datetime import date

import pytest

from waypost.people import actions
from waypost.people.models import AliasKind, IdentifierKind
from waypost.people.search import DateQuery, parse_search, search_people
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _names(people):
    return [f"{p.given_name} {p.family_name}" for p in people]


@pytest.fixture
def people(world):
    return {
        "jo": make_person(world.council),  # Jo Bloggs, 1 March 1980
        "robert": make_person(
            world.council, given_name="Robert", family_name="Smith", birth_date=date(1975, 6, 2)
        ),
        "mary": make_person(
            world.council, given_name="Mary", family_name="Jones", birth_date=date(1980, 3, 9)
        ),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jo Bloggs", "Jo Bloggs"),
        ("jo blogs", "Jo Bloggs"),  # typo
        ("Bloggs", "Jo Bloggs"),
        ("Blo", "Jo Bloggs"),  # first letters
        ("smyth", "Robert Smith"),  # sounds alike
        ("Bob Smith", "Robert Smith"),  # nickname
        ("R Smith", "Robert Smith"),  # initial
    ],
)
def test_names_are_found_fuzzily(people, caseworker_user, text, expected):
    found = search_people(caseworker_user, text)
    assert _names(found)[:1] == [expected]


def test_unrelated_names_are_not_found(people, caseworker_user):
    assert search_people(caseworker_user, "Zebedee Quartermaine") == []


@pytest.mark.parametrize(
    "text", ["1/3/1980", "01/03/1980", "1980-03-01", "1 March 1980", "1st Mar 1980"]
)
def test_a_whole_date_of_birth_finds_the_person_born_that_day(people, caseworker_user, text):
    assert _names(search_people(caseworker_user, text)) == ["Jo Bloggs"]


def test_a_month_or_a_year_finds_everyone_born_then(people, caseworker_user):
    assert set(_names(search_people(caseworker_user, "March 1980"))) == {"Jo Bloggs", "Mary Jones"}
    assert set(_names(search_people(caseworker_user, "1980"))) == {"Jo Bloggs", "Mary Jones"}
    assert _names(search_people(caseworker_user, "1975")) == ["Robert Smith"]


def test_a_year_only_record_fits_a_whole_date_in_that_year(world, caseworker_user):
    vague = make_person(world.council, birth_date=date(1980, 1, 1), birth_date_precision="year")
    assert search_people(caseworker_user, "1/3/1980") == [vague]


def test_a_name_with_a_date_narrows_to_that_date(people, world, caseworker_user):
    make_person(world.council, birth_date=date(1990, 5, 5))  # another Jo Bloggs
    found = search_people(caseworker_user, "Jo Bloggs 1/3/1980")
    assert [p.birth_date for p in found] == [date(1980, 3, 1)]


def test_an_alias_finds_the_person_and_says_so(people, world, caseworker_user):
    actions.add_alias(
        people["mary"], kind=AliasKind.PREVIOUS_NAME, family_name="Walsh", by=None,
        agency=world.council,
    )  # fmt: skip
    [found] = search_people(caseworker_user, "Mary Walsh")
    assert found == people["mary"]
    assert found.matched_on == "Previous name: Walsh"


def test_an_alias_the_user_may_not_see_does_not_match(people, world, caseworker_user):
    actions.add_alias(
        people["mary"], kind=AliasKind.ALIAS, given_name="Molly", family_name="Walsh", by=None,
        agency=world.outreach,
    )  # fmt: skip
    assert search_people(caseworker_user, "Molly Walsh") == []
    assert search_people(caseworker_user, "Mary Jones") == [people["mary"]]


@pytest.mark.parametrize(
    ("kind", "stored", "typed", "label"),
    [
        (IdentifierKind.NHS_NUMBER, "9434765919", "943 476 5919", "NHS number"),
        (IdentifierKind.NHS_NUMBER, "9434765919", "9434765919", "NHS number"),
        (IdentifierKind.NI_NUMBER, "AB123456C", "ab 12 34 56 c", "National Insurance number"),
        (IdentifierKind.CHAIN, "CH-00042", "ch-00042", "CHAIN id"),
    ],
)
def test_identifiers_are_found_however_they_are_typed(
    people, world, caseworker_user, kind, stored, typed, label
):
    actions.add_identifier(people["jo"], kind=kind, value=stored, by=None, agency=world.council)
    [found] = search_people(caseworker_user, typed)
    assert found == people["jo"] and found.matched_on == label


def test_an_import_id_is_found(people, world, caseworker_user):
    actions.add_identifier(
        people["jo"], kind=IdentifierKind.SOURCE_ID, system="Old CRM", value="77-123",
        by=None, agency=world.council,
    )  # fmt: skip
    [found] = search_people(caseworker_user, "77-123")
    assert found.matched_on == "Id in Old CRM"


def test_a_prison_number_matches_only_for_users_who_may_see_offending(
    people, world, caseworker_user, outreach_user
):
    actions.add_identifier(
        people["jo"], kind=IdentifierKind.PRISON_NUMBER, value="A1234BC", by=None,
        agency=world.council,
    )  # fmt: skip
    sign_agreement_for(world.council, world.outreach)
    give_consent(people["jo"], by=caseworker_user, agency=world.council)
    assert search_people(caseworker_user, "a1234bc") == [people["jo"]]
    # Outreach may see Jo's identity, but not offending data.
    assert search_people(outreach_user, "Jo Bloggs") == [people["jo"]]
    assert search_people(outreach_user, "a1234bc") == []


def test_users_find_only_people_whose_identity_they_may_see(
    people, world, caseworker_user, outreach_user, commissioner_user, birmingham_admin_user
):
    assert search_people(outreach_user, "Jo Bloggs") == []  # no agreement, no consent
    assert search_people(commissioner_user, "Jo Bloggs") == []
    assert search_people(birmingham_admin_user, "1980") == []
    assert search_people(caseworker_user, "") == []


def test_the_parser_reads_dates_the_uk_way_and_keeps_the_rest():
    assert parse_search("Jo Bloggs 1/3/1980").birth == DateQuery(1980, 3, 1)
    assert parse_search("Jo Bloggs 1/3/1980").names == ["jo", "bloggs"]
    assert parse_search("March 1980").birth == DateQuery(1980, 3)
    assert parse_search("31/2/1980").birth is None  # no such date: an identifier
    assert parse_search("943 476 5919").identifier == "9434765919"
