"""find_candidates: possible existing people, ranked, with reasons, and only what the user may
see (identity visible; aliases and identifiers only when the user may see those rows)."""

from datetime import date

from django.utils import timezone

from waypost.people import actions
from waypost.people.matching import MatchQuery, find_candidates
from waypost.people.models import AliasKind, IdentifierKind, Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for

NHS = "9434765919"


def _ids(candidates):
    return [c.person.pk for c in candidates]


def test_the_likely_person_comes_first_with_reasons_per_field(world, caseworker_user):
    robert = make_person(world.council, given_name="Robert", family_name="Smith", gender="man")
    roberta = make_person(
        world.council, given_name="Roberta", family_name="Smyth", birth_date=date(1981, 3, 1)
    )
    make_person(world.council, given_name="Mary", family_name="Jones")

    found = find_candidates(
        caseworker_user,
        MatchQuery(
            given_name="Bob", family_name="Smyth", date_of_birth=date(1980, 1, 3), gender="man"
        ),
    )

    assert found[0].person == robert
    assert 0 < found[0].score <= 1
    assert found[0].agreements == {
        "given_name": "nickname",
        "family_name": "similar",
        "date_of_birth": "swapped",
        "gender": "same",
        "identifiers": "missing",
    }
    assert found[0].explanation == [
        "First name: Bob is a nickname of Robert",
        "Last name: similar (Smyth and Smith)",
        "Date of birth: day and month swapped",
        "Gender: same",
    ]
    if len(found) > 1:
        assert found[1].person == roberta and found[1].score < found[0].score
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_an_exact_match_scores_near_certain_and_says_so(world, caseworker_user):
    jo = make_person(world.council)
    [best] = find_candidates(
        caseworker_user,
        MatchQuery(given_name="Jo", family_name="Bloggs", date_of_birth=date(1980, 3, 1)),
    )
    assert best.person == jo
    assert best.score > 0.99
    assert best.explanation[:3] == [
        "First name: exact",
        "Last name: exact",
        "Date of birth: exact",
    ]


def test_a_year_of_birth_is_compared_loosely(world, caseworker_user):
    jo = make_person(world.council)
    [best] = find_candidates(
        caseworker_user, MatchQuery(given_name="Jo", family_name="Bloggs", birth_year=1981)
    )
    assert best.person == jo
    assert best.agreements["date_of_birth"] == "near"


def test_an_alias_finds_the_person_and_is_named_in_the_reasons(world, caseworker_user):
    jane = make_person(world.council, given_name="Jane", family_name="Doe")
    actions.add_alias(
        jane,
        kind=AliasKind.ALIAS,
        given_name="Janey",
        family_name="Smith",
        by=caseworker_user,
        agency=world.council,
    )
    [best] = find_candidates(caseworker_user, MatchQuery(given_name="Janey", family_name="Smith"))
    assert best.person == jane
    assert best.explanation[0] == "Name matched their alias: Janey Smith"
    assert [a.full_name for a in best.aliases] == ["Janey Smith"]


def test_an_alias_the_user_may_not_see_finds_nothing(world, caseworker_user, outreach_user):
    jane = make_person(world.council, given_name="Jane", family_name="Doe")
    # Recorded by outreach; the council has no sharing permission for it.
    actions.add_alias(
        jane,
        kind=AliasKind.ALIAS,
        given_name="Janey",
        family_name="Smith",
        by=outreach_user,
        agency=world.outreach,
    )
    query = MatchQuery(given_name="Janey", family_name="Smith")
    assert find_candidates(caseworker_user, query) == []

    sign_agreement_for(world.council, world.outreach)
    give_consent(jane, by=caseworker_user, agency=world.council)
    assert _ids(find_candidates(caseworker_user, query)) == [jane.pk]


def test_people_whose_identity_is_hidden_never_appear(world, caseworker_user, outreach_user):
    theirs = make_person(world.outreach, given_name="Jo", family_name="Bloggs")
    query = MatchQuery(given_name="Jo", family_name="Bloggs", date_of_birth=date(1980, 3, 1))
    assert find_candidates(caseworker_user, query) == []

    # An agreement alone is not enough: the person must have agreed to share identity.
    sign_agreement_for(world.council, world.outreach)
    assert find_candidates(caseworker_user, query) == []
    give_consent(theirs, by=outreach_user, agency=world.outreach)
    assert _ids(find_candidates(caseworker_user, query)) == [theirs.pk]


def test_roles_without_casework_and_other_partnerships_get_nothing(
    world, caseworker_user, commissioner_user, dpo_user, birmingham_admin_user
):
    make_person(world.council)
    make_person(world.brum_council)
    query = MatchQuery(given_name="Jo", family_name="Bloggs", date_of_birth=date(1980, 3, 1))
    assert len(find_candidates(caseworker_user, query)) == 1  # Coventry's only
    for user in (commissioner_user, dpo_user, birmingham_admin_user):
        assert find_candidates(user, query) == []


def test_restricted_merged_and_anonymised_records_never_appear(world, caseworker_user):
    restricted, merged, anonymised, kept = (make_person(world.council) for _ in range(4))
    Person.objects.filter(pk=restricted.pk).update(restricted_at=timezone.now())
    Person.objects.filter(pk=merged.pk).update(merged_into=kept, merged_at=timezone.now())
    Person.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    query = MatchQuery(given_name="Jo", family_name="Bloggs", date_of_birth=date(1980, 3, 1))
    assert _ids(find_candidates(caseworker_user, query)) == [kept.pk]


def test_a_shared_nhs_number_finds_the_person_under_another_name(world, caseworker_user):
    person = make_person(world.council, given_name="Sam", family_name="Green")
    actions.add_identifier(
        person, kind=IdentifierKind.NHS_NUMBER, value=NHS, by=None, agency=world.council
    )
    [best] = find_candidates(
        caseworker_user,
        MatchQuery(
            given_name="Alex", family_name="Brown", identifiers=[("nhs_number", "943 476 5919")]
        ),
    )
    assert best.person == person
    assert best.agreements["identifiers"] == "exact"
    assert "NHS number: same" in best.explanation
    assert [i.value for i in best.identifiers] == [NHS]
    # With the family name agreeing too, it is all but certain.
    [best] = find_candidates(
        caseworker_user,
        MatchQuery(given_name="Alex", family_name="Green", identifiers=[("nhs_number", NHS)]),
    )
    assert best.person == person and best.score > 0.95


def test_a_prison_number_matches_only_for_users_who_may_see_offending(
    world, caseworker_user, outreach_user
):
    person = make_person(world.council, given_name="Sam", family_name="Green")
    actions.add_identifier(
        person, kind=IdentifierKind.PRISON_NUMBER, value="A1234BC", by=None, agency=world.council
    )
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, by=caseworker_user, agency=world.council)
    query = MatchQuery(identifiers=[("prison_number", "a1234bc")])

    assert _ids(find_candidates(caseworker_user, query)) == [person.pk]
    # Outreach sees Sam's identity but not offending, so not the prison number either.
    assert find_candidates(outreach_user, query) == []
    named = find_candidates(outreach_user, MatchQuery(given_name="Sam", family_name="Green"))
    assert _ids(named) == [person.pk] and named[0].identifiers == []


def test_excluded_people_and_the_limit_are_respected(world, caseworker_user):
    people = [make_person(world.council) for _ in range(4)]
    query = MatchQuery(given_name="Jo", family_name="Bloggs", date_of_birth=date(1980, 3, 1))
    found = find_candidates(caseworker_user, query, limit=2, exclude_ids=[people[0].pk])
    assert len(found) == 2
    assert people[0].pk not in _ids(found)


def test_an_empty_query_finds_nobody(world, caseworker_user):
    make_person(world.council)
    assert find_candidates(caseworker_user, MatchQuery()) == []
