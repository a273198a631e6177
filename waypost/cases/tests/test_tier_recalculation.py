"""After a new model version, a task works out everyone's tier again under it: a new result
each (the old ones stay, pointing at the old version), the by-name list updated; people
restricted, merged or anonymised left alone; running it twice does nothing the second time,
and a version already replaced does nothing at all."""

from django.utils import timezone

from waypost.cases.models import Domain, ThresholdModel, TierResult
from waypost.cases.tests.test_assessment_record import assess
from waypost.cases.threshold_actions import calculate_tier, current_model
from waypost.cases.tier_tasks import recalculate_tiers
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Person
from waypost.testing.people import make_person


def _new_version(partnership, base, version=2, **rules):
    return ThresholdModel.objects.create(
        partnership=partnership, version=version, rules={**base.rules, **rules}, tiers=base.tiers
    )


def test_everyone_is_worked_out_again_under_the_new_version(world, caseworker_user):
    people = []
    for n in range(3):
        person = make_person(world.council, by=caseworker_user, given_name=f"P{n}")
        put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.council, by=caseworker_user)
        assess(person, caseworker_user, world.council, {Domain.DRUGS_ALCOHOL: 2}, nps=True)
        people.append(person)
    never_assessed = make_person(world.council, by=caseworker_user, given_name="New")
    v1 = current_model(world.coventry)
    v2 = _new_version(world.coventry, v1, nps=20)  # 4 + 20 = 24: tier 2

    assert recalculate_tiers.call(str(v2.pk)) == 3

    for person in people:
        results = TierResult.objects.filter(person=person).order_by("calculated_at")
        assert [(r.model.version, r.score, r.tier) for r in results] == [(1, 8, 3), (2, 24, 2)]
        assert results[1].recorded_by is None  # worked out by Waypost, not a person
        assert results[1].recorded_by_agency == world.council  # shared as the assessment is
        assert ByNameEntry.objects.get(person=person).tier == 2
    assert not TierResult.objects.filter(person=never_assessed).exists()
    # Again: everyone is already worked out under version 2 from the same assessment.
    assert recalculate_tiers.call(str(v2.pk)) == 0


def test_restricted_merged_and_anonymised_people_are_left_alone(world, caseworker_user):
    people = {}
    for name in ("restricted", "merged", "anonymised", "ordinary"):
        person = make_person(world.council, by=caseworker_user, given_name=name)
        assess(person, caseworker_user, world.council, {Domain.FINANCES: 3})
        people[name] = person
    now = timezone.now()
    Person.objects.filter(pk=people["restricted"].pk).update(restricted_at=now)
    Person.objects.filter(pk=people["merged"].pk).update(
        merged_into=people["ordinary"], merged_at=now
    )
    Person.objects.filter(pk=people["anonymised"].pk).update(anonymised_at=now)
    v2 = _new_version(world.coventry, current_model(world.coventry), nps=1)

    assert recalculate_tiers.call(str(v2.pk)) == 1
    assert set(TierResult.objects.filter(model=v2).values_list("person", flat=True)) == {
        people["ordinary"].pk
    }


def test_a_replaced_version_does_nothing(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    assess(person, caseworker_user, world.council, {Domain.FINANCES: 3})
    v1 = current_model(world.coventry)
    v2 = _new_version(world.coventry, v1, nps=1)
    _new_version(world.coventry, v1, version=3, nps=2)
    assert recalculate_tiers.call(str(v2.pk)) == 0
    assert recalculate_tiers.call("00000000-0000-0000-0000-000000000000") == 0


def test_the_same_facts_give_the_same_tier(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    assess(person, caseworker_user, world.council, {Domain.RISK_TO_SELF: 3, Domain.FINANCES: 1})
    first = calculate_tier(person, by=None)
    second = calculate_tier(person, by=None)
    assert (first.score, first.tier, first.explanation) == (
        second.score,
        second.tier,
        second.explanation,
    )
    assert sum(f["points"] for f in first.explanation) == first.score


def test_recalculating_costs_a_few_queries_a_chunk_not_a_few_a_person(
    world, caseworker_user, django_assert_max_num_queries
):
    for n in range(12):
        person = make_person(world.council, by=caseworker_user, given_name=f"P{n}")
        put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.council, by=caseworker_user)
        assess(person, caseworker_user, world.council, {Domain.FINANCES: n % 4})
    v2 = _new_version(world.coventry, current_model(world.coventry), nps=1)
    # Fixed reads and the bulk insert, plus one by-name list update a person.
    with django_assert_max_num_queries(14 + 12):
        assert recalculate_tiers.call(str(v2.pk)) == 12


def test_the_nightly_refresh_saves_a_tier_only_when_street_history_changed_it(
    world, caseworker_user
):
    from datetime import datetime, time, timedelta

    from waypost.cases.tier_tasks import refresh_tiers
    from waypost.outreach.models import StreetContact

    seen, unchanged = (
        make_person(world.council, by=caseworker_user, given_name=name) for name in ("A", "B")
    )
    for person in (seen, unchanged):
        put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.council, by=caseworker_user)
        assess(person, caseworker_user, world.council, {Domain.MENTAL_HEALTH: 3})
    assert refresh_tiers.call() == 0  # nothing has changed since the assessments

    month = timezone.localdate().replace(day=1)
    for _ in range(12):  # seen bedded down in each of 12 months: 10 more points
        StreetContact.objects.create(
            partnership=world.coventry,
            person=seen,
            contacted_at=timezone.make_aware(datetime.combine(month, time(22))),
            bedded_down=True,
            recorded_by_agency=world.outreach,
        )
        month = (month - timedelta(days=1)).replace(day=1)
    assert refresh_tiers.call() == 1
    newest = TierResult.objects.filter(person=seen).order_by("-calculated_at").first()
    assert newest.score == 16
    assert TierResult.objects.filter(person=unchanged).count() == 1
    assert refresh_tiers.call() == 0


def test_the_scheduler_can_enqueue_the_refresh_without_arguments(db):
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    import_string("waypost.cases.tier_tasks.refresh_tiers").enqueue()
    assert DBTaskResult.objects.get().args_kwargs == {"args": [], "kwargs": {}}
