"""The building blocks of matching: normal forms of names, nicknames, sound-alike codes and
the blocking keys that let two records of one person find each other."""

from datetime import date

from waypost.people.matching.keys import KeySource, deletions, match_keys, search_keys
from waypost.people.matching.normalise import (
    canonical_names,
    date_key,
    family_key,
    given_keys,
    is_nickname_pair,
    nickname_of,
    normalise_identifier_value,
    normalise_name,
    phonetic,
    swap_day_month,
)


def test_names_lose_accents_case_titles_and_joining_punctuation():
    assert normalise_name("  Seán  O'Brien-Smith ") == "sean obriensmith"
    assert normalise_name("Mr JOHN   Smith Jr") == "john smith"
    assert normalise_name("Zoë") == "zoe"
    assert normalise_name("") == ""


def test_a_nickname_stands_for_its_formal_names():
    assert nickname_of("bob", "robert") == ("bob", "robert")
    assert nickname_of("robert", "bob") == ("bob", "robert")
    assert "alexander" in canonical_names("alex") and "alexandra" in canonical_names("alex")
    # Two nicknames of one name are forms of the same name.
    assert is_nickname_pair("bob", "rob")
    assert not is_nickname_pair("bob", "bob")
    assert not is_nickname_pair("bob", "william")


def test_sound_alike_spellings_share_a_code():
    assert phonetic("smith") == phonetic("smyth")
    assert family_key("McDonald") == family_key("MacDonald")
    assert family_key("Stevens") == family_key("Stephens")
    assert family_key("O'Brien") == family_key("OBrien")
    assert given_keys("Bob") & given_keys("Robert")
    assert not given_keys("Bob") & given_keys("Mary")


def test_day_and_month_swapped_share_a_date_key():
    assert swap_day_month(date(1980, 3, 1)) == date(1980, 1, 3)
    assert swap_day_month(date(1980, 3, 25)) is None  # no 25th month
    assert date_key(date(1980, 3, 1)) == date_key(date(1980, 1, 3))
    assert date_key(date(1980, 3, 1)) != date_key(date(1981, 3, 1))


def test_identifiers_compare_without_spaces_dashes_or_case():
    assert normalise_identifier_value("485 777 3456") == "4857773456"
    assert normalise_identifier_value("ab 12 34 56 c") == "AB123456C"
    assert normalise_identifier_value("a1234-bc") == "A1234BC"


def test_one_slip_apart_spellings_share_a_deletion():
    assert deletions("jones") & deletions("jonnes")
    assert deletions("hudson") & deletions("uhdson")  # two letters swapped
    assert not deletions("jones") & deletions("smith")


def _keys(given, family, born=None, precision="exact", ids=()):
    return match_keys(
        KeySource(
            names=[(given, family)], birth_date=born, precision=precision, identifiers=list(ids)
        )
    )


def test_records_of_one_person_share_a_blocking_key_despite_common_slips():
    robert = _keys("Robert", "Smith", date(1980, 3, 1))
    assert robert & _keys("Bob", "Smith")  # nickname, no date
    assert robert & _keys("Robert", "Smiht")  # typo, no date
    assert robert & _keys("Rboert", "Smith")  # typo in the first name, no date
    assert robert & _keys("Jane", "Doe", date(1980, 1, 3))  # nothing but the swapped date
    assert robert & _keys("Robert", "Jones", date(1980, 5, 5))  # new family name, same year
    assert not robert & _keys("Mary", "Jones", date(1990, 5, 5))


def test_an_estimated_age_keys_the_years_around_it():
    estimated = _keys("Robert", "Smith", date(1980, 1, 1), precision="estimated")
    assert {"fy:SM0:1978", "fy:SM0:1982"} <= estimated
    assert not any(k.startswith("d:") for k in estimated)  # no exact date to key


def test_identifiers_key_on_their_normal_form():
    assert "i:4857773456" in _keys("", "", ids=["485 777 3456"])


def test_search_keys_cover_sounds_nicknames_and_first_letters():
    keys = search_keys([("Robert", "Bloggs")])
    assert f"t:{phonetic('robert')}" in keys
    assert "p:blo" in keys
    assert f"t:{phonetic('bob')}" not in keys  # a formal name does not key its nicknames
    assert f"t:{phonetic('robert')}" in search_keys([("Bob", "Bloggs")])
