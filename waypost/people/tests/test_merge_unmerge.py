"""Merge then unmerge returns every linked record to where it was (issue 3, point 12).

Over any mix of records on either person and any choice of fields: after the merge every row
that pointed at the merged person points at the kept one and the old id redirects; after the
undo every row, flag, field and match key is exactly as it was.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypost.people.access import PersonMoved, find_person
from waypost.people.merging import FIELD_GROUPS, KEPT, MERGED, merge_people, unmerge
from waypost.people.models import Alias, DuplicatePair, DuplicateStatus, Merge
from waypost.people.tests.merge_fixtures import (
    KINDS,
    add_records,
    match_keys,
    person_fields,
    snapshot,
    two_people,
)
from waypost.sharing.models import LawfulBasis, SharingPermission
from waypost.testing.people import make_person, sign_agreement_for

kinds = st.sets(st.sampled_from(KINDS))
choices = st.dictionaries(
    st.sampled_from([g.name for g in FIELD_GROUPS]), st.sampled_from([KEPT, MERGED])
)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kept_kinds=kinds, merged_kinds=kinds, field_choices=choices)
def test_merge_moves_everything_and_unmerge_puts_it_all_back(
    world, coordinator_user, kept_kinds, merged_kinds, field_choices
):
    with transaction.atomic():
        sign_agreement_for(world.council, world.outreach)
        kept, merged = two_people(world.council, coordinator_user)
        add_records(kept, kept_kinds, by=coordinator_user, agency=world.council, n=0)
        add_records(merged, merged_kinds, by=coordinator_user, agency=world.council, n=1)
        third = make_person(world.council, given_name="Sam")
        pair = DuplicatePair.objects.create(
            partnership=world.coventry, first=kept, second=merged, score=0.9
        )
        other_pair = DuplicatePair.objects.create(
            partnership=world.coventry, first=merged, second=third, score=0.7
        )
        before = snapshot()
        fields_before = {p.pk: person_fields(p) for p in (kept, merged, third)}
        keys_before = {p.pk: match_keys(p) for p in (kept, merged)}

        merge = merge_people(kept, merged, field_choices=field_choices, by=coordinator_user)

        after = snapshot()
        created = {("people.Alias", "person", pk) for pk in merge.moved["aliases"]}
        assert after.keys() - created == before.keys(), "the merge created or deleted rows"
        for key, (person_id, *_) in before.items():
            expected = kept.pk if person_id in (kept.pk, merged.pk) else person_id
            assert after[key][0] == expected, f"{key} did not move to the kept person"
        for model in (SharingPermission, LawfulBasis):
            assert model.objects.filter(person=kept, is_current=True).count() <= 1
        with pytest.raises(PersonMoved) as moved:
            find_person(coordinator_user, merged.pk)
        assert moved.value.person_id == kept.pk
        kept.refresh_from_db()
        for group in FIELD_GROUPS:
            source = merged if field_choices.get(group.name) == MERGED else kept
            expected_values = [fields_before[source.pk][f] for f in group.fields]
            assert [getattr(kept, f) for f in group.fields] == expected_values, group.name
        assert not match_keys(merged), "a merged-away record must never be proposed again"
        pair.refresh_from_db()
        assert pair.status == DuplicateStatus.SAME
        other_pair.refresh_from_db()
        assert other_pair.second_id == third.pk and other_pair.first_id == merged.pk

        unmerge(merge, by=coordinator_user, confirm_changed=True)

        assert snapshot() == before
        assert {p.pk: person_fields(p) for p in (kept, merged, third)} == fields_before
        assert {p.pk: match_keys(p) for p in (kept, merged)} == keys_before
        assert find_person(coordinator_user, merged.pk)[0].pk == merged.pk
        pair.refresh_from_db()
        assert pair.status == DuplicateStatus.PENDING and pair.decided_by_id is None
        merge.refresh_from_db()
        assert merge.undone_by_id == coordinator_user.pk and merge.undone_at is not None
        transaction.set_rollback(True)


def test_both_current_permissions_keep_the_kept_persons_and_unmerge_restores_the_flag(
    world, coordinator_user
):
    kept, merged = two_people(world.council, coordinator_user)
    add_records(kept, {"permission", "lawful_basis"}, by=coordinator_user, agency=world.council)
    add_records(merged, {"permission", "lawful_basis"}, by=coordinator_user, agency=world.council)
    kept_permission = SharingPermission.objects.get(person=kept, is_current=True)
    merged_permission = SharingPermission.objects.get(person=merged, is_current=True)

    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)

    assert list(SharingPermission.objects.filter(person=kept, is_current=True)) == [kept_permission]
    merged_permission.refresh_from_db()
    assert merged_permission.person_id == kept.pk and not merged_permission.is_current
    assert LawfulBasis.objects.filter(person=kept, is_current=True).count() == 1

    unmerge(merge, by=coordinator_user)

    merged_permission.refresh_from_db()
    assert merged_permission.person_id == merged.pk and merged_permission.is_current
    assert LawfulBasis.objects.filter(person=merged, is_current=True).count() == 1


def test_the_merged_name_becomes_an_alias_and_unmerge_removes_it(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)

    merge = merge_people(kept, merged, field_choices={"given_name": MERGED}, by=coordinator_user)

    names = set(Alias.objects.filter(person=kept).values_list("given_name", "family_name"))
    # The merged record's name, and the kept record's first name that the merge replaced.
    assert names == {("Joanne", "Blogs"), ("Jo", "Bloggs")}
    assert Merge.objects.get().moved["aliases"]
    unmerge(merge, by=coordinator_user)
    assert not Alias.objects.filter(person__in=[kept, merged]).exists()


def test_rows_added_to_the_kept_record_after_the_merge_stay_with_it(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)
    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    add_records(kept, {"note"}, by=coordinator_user, agency=world.council)

    unmerge(merge, by=coordinator_user)

    assert kept.note_set.count() == 1 and merged.note_set.count() == 0
