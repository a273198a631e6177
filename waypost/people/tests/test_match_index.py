"""index_person keeps a person's match keys in step with their names, date of birth, aliases
and identifiers, in a few queries; merged and anonymised records keep none."""

from datetime import date

from django.utils import timezone

from waypost.people import actions
from waypost.people.matching.index import index_person
from waypost.people.matching.normalise import family_key
from waypost.people.models import AliasKind, IdentifierKind, MatchKey, Person
from waypost.testing.people import make_person


def _keys(person):
    return set(MatchKey.objects.filter(person=person).values_list("value", flat=True))


def test_keys_follow_the_record(world):
    jo = make_person(world.council)  # create_person indexes
    keys = _keys(jo)
    assert "d:19800103" in keys and f"fy:{family_key('Bloggs')}:1980" in keys
    assert MatchKey.objects.filter(person=jo).first().partnership_id == world.coventry.pk

    actions.add_alias(jo, kind=AliasKind.ALIAS, family_name="Walsh", by=None, agency=world.council)
    assert f"fy:{family_key('Walsh')}:1980" in _keys(jo)
    actions.add_identifier(
        jo, kind=IdentifierKind.NHS_NUMBER, value="943 476 5919", by=None, agency=world.council
    )
    assert "i:9434765919" in _keys(jo)

    Person.objects.filter(pk=jo.pk).update(birth_date=date(1990, 12, 25))
    jo.refresh_from_db()
    index_person(jo)
    assert "d:19801225" not in _keys(jo) and "d:19901225" in _keys(jo)
    assert "d:19800103" not in _keys(jo)


def test_indexing_is_cheap(world, django_assert_max_num_queries):
    jo = make_person(world.council)
    with django_assert_max_num_queries(6):
        index_person(jo)


def test_merged_and_anonymised_records_keep_no_keys(world):
    kept, merged, anonymised = (make_person(world.council) for _ in range(3))
    merged.merged_into, merged.merged_at = kept, timezone.now()
    merged.save()
    index_person(merged)
    anonymised.anonymised_at = timezone.now()
    anonymised.save()
    index_person(anonymised)
    assert _keys(merged) == set() == _keys(anonymised)
    assert _keys(kept)
