"""The tracker's pages: the strategy page groups actions by theme with their status, filters
them, and reads a whole plan in a fixed number of queries; the action page saves changes
version-checked, keeping what was typed on error; review rounds record notes that show on
the action; a coordinator ties a commitment to a live measure."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.strategy.models import Action, ActionStatus, Commitment, ReviewRound
from waypost.testing.strategy import first_action, make_strategy


def _date_fields(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_strategy_page_shows_actions_with_status_and_counts(coordinator_client, world):
    strategy = make_strategy(world.coventry, themes=2, commitments=1, actions=2)
    late = first_action(strategy)
    late.status = ActionStatus.LATE
    late.due_date = timezone.localdate() - timedelta(days=3)
    late.save()
    page = coordinator_client.get(reverse("strategy:strategy", args=[strategy.pk]))
    text = page.content.decode()
    assert "P1: Theme 1" in text and "P2: Theme 2" in text
    assert "Action 2.1.2" in text
    assert 'govuk-tag govuk-tag--red">Late' in text
    assert "1 action is past its due date" in text
    table = page.context["table"]
    # The "All themes" row: 0 not started, 3 on track, 0 at risk, 1 late, 0 done, 4 in all.
    assert [c.text for c in table.rows[-1]] == ["All themes", "0", "3", "0", "1", "0", "4"]
    assert page.context["chart"] is not None


def test_filters_narrow_the_actions(coordinator_client, world):
    strategy = make_strategy(world.coventry, themes=2, commitments=1, actions=2)
    overdue = first_action(strategy)
    overdue.due_date = timezone.localdate() - timedelta(days=1)
    overdue.save()
    done = Action.objects.get(text="Action 2.1.1")
    done.status = ActionStatus.DONE
    done.save()
    url = reverse("strategy:strategy", args=[strategy.pk])

    def shown(query):
        page = coordinator_client.get(url, query)
        return sorted(
            item["action"].text
            for group in page.context["groups"]
            for row in group["rows"]
            for item in row["actions"]
        )

    assert shown({"status": "done"}) == ["Action 2.1.1"]
    assert shown({"theme": "P2"}) == ["Action 2.1.1", "Action 2.1.2"]
    assert shown({"overdue": "on"}) == ["Action 1.1.1"]
    assert len(shown({})) == 4


def test_the_strategy_page_reads_a_long_plan_in_a_fixed_number_of_queries(
    coordinator_client, world, django_assert_max_num_queries
):
    small = make_strategy(world.coventry, title="Small", themes=1, commitments=1, actions=1)
    big = make_strategy(world.coventry, title="Big", themes=4, commitments=5, actions=4)  # 80
    for strategy in (small, big):
        with django_assert_max_num_queries(12):
            response = coordinator_client.get(reverse("strategy:strategy", args=[strategy.pk]))
        assert response.status_code == 200


def test_a_keeper_updates_an_action_and_who_and_when_is_kept(
    coordinator_client, coordinator_user, world
):
    action = first_action(make_strategy(world.coventry))
    due = date(2026, 9, 30)
    response = coordinator_client.post(
        reverse("strategy:action", args=[action.pk]),
        {
            "status": ActionStatus.AT_RISK,
            **_date_fields("due_date", due),
            "lead_agency": str(world.outreach.pk),
            "version": "1",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.due_date == due
    assert action.lead_agency == world.outreach
    assert action.status_changed_by == coordinator_user
    assert action.status_changed_at is not None
    assert action.version == 2


def test_a_stale_form_saves_nothing_and_keeps_what_was_typed(coordinator_client, world):
    action = first_action(make_strategy(world.coventry))
    Action.objects.filter(pk=action.pk).update(version=2, status=ActionStatus.DONE)
    response = coordinator_client.post(
        reverse("strategy:action", args=[action.pk]),
        {"status": ActionStatus.AT_RISK, **_date_fields("due_date", None), "version": "1"},
    )
    assert response.status_code == 400
    assert "Someone else changed this action" in response.content.decode()
    form = response.context["form"]
    assert form.data["status"] == ActionStatus.AT_RISK  # what they typed
    assert form.data["version"] == "2"  # a second save would be on purpose
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_an_invalid_date_keeps_the_typed_input(coordinator_client, world):
    action = first_action(make_strategy(world.coventry))
    response = coordinator_client.post(
        reverse("strategy:action", args=[action.pk]),
        {
            "status": ActionStatus.LATE,
            "due_date_0": "31",
            "due_date_1": "",
            "due_date_2": "2026",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "must include a month" in response.content.decode()
    assert 'value="31"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK


def test_an_agency_of_another_partnership_cannot_lead(coordinator_client, world):
    action = first_action(make_strategy(world.coventry))
    response = coordinator_client.post(
        reverse("strategy:action", args=[action.pk]),
        {
            "status": ActionStatus.ON_TRACK,
            **_date_fields("due_date", None),
            "lead_agency": str(world.brum_council.pk),
            "version": "1",
        },
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.lead_agency is None


def test_a_review_round_records_notes_shown_on_the_action_by_round(coordinator_client, world):
    strategy = make_strategy(world.coventry)
    action = first_action(strategy)
    response = coordinator_client.post(
        reverse("strategy:review_new", args=[strategy.pk]),
        {
            "title": "Reviewed March 2026",
            **_date_fields("held_on", date(2026, 3, 12)),
            "summary": "First",
        },
    )
    review = ReviewRound.objects.get(strategy=strategy)
    assert response.url == reverse("strategy:review", args=[review.pk])
    response = coordinator_client.post(
        reverse("strategy:review", args=[review.pk]),
        {"action": str(action.pk), "text": "Slipped: waiting for funding", "status": "at_risk"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK  # the status the review agreed
    page = coordinator_client.get(reverse("strategy:action", args=[action.pk])).content.decode()
    assert "Reviewed March 2026" in page and "Slipped: waiting for funding" in page
    assert "Status agreed: At risk" in page
    listing = coordinator_client.get(reverse("strategy:reviews", args=[strategy.pk]))
    assert "Reviewed March 2026" in listing.content.decode()


def test_an_action_of_another_plan_cannot_be_noted(coordinator_client, world):
    strategy = make_strategy(world.coventry)
    other = first_action(make_strategy(world.coventry, title="Other plan"))
    review = ReviewRound.objects.create(strategy=strategy, title="R", held_on=date(2026, 1, 1))
    response = coordinator_client.post(
        reverse("strategy:review", args=[review.pk]),
        {"action": str(other.pk), "text": "No", "status": ""},
    )
    assert response.status_code == 400
    assert not review.notes.exists()


def test_a_coordinator_ties_a_commitment_to_a_measure(coordinator_client, world):
    commitment = first_action(make_strategy(world.coventry)).commitment
    response = coordinator_client.post(
        reverse("strategy:commitment_measure", args=[commitment.pk]),
        {"measure_code": "begging_reduction", "measure_target": "90"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.measure_code == "begging_reduction"
    assert str(commitment.measure_target) == "90.0"
    page = coordinator_client.get(reverse("strategy:commitment", args=[commitment.pk]))
    text = page.content.decode()
    assert "Reduction in begging" in text
    assert "No data" in text  # no begging recorded in either year: nothing to compare
    bad = coordinator_client.post(
        reverse("strategy:commitment_measure", args=[commitment.pk]),
        {"measure_code": "made_up", "measure_target": "1"},
    )
    assert bad.status_code == 400
    assert Commitment.objects.get(pk=commitment.pk).measure_code == "begging_reduction"


def test_commissioners_see_a_small_measured_count_as_fewer_than_5(
    coordinator_client, commissioner_client, world
):
    from waypost.testing.people import make_person
    from waypost.testing.returns import seen

    strategy = make_strategy(world.coventry, themes=1, commitments=1, actions=1)
    commitment = first_action(strategy).commitment
    Commitment.objects.filter(pk=commitment.pk).update(
        measure_code="new_rough_sleepers", measure_target=2
    )
    now = timezone.localtime()
    for name in ("Ada", "Ben", "Cal"):  # 3 people new to the street this month
        seen(make_person(world.outreach, given_name=name), now, world.outreach)
    url = reverse("strategy:strategy", args=[strategy.pk])
    exact = coordinator_client.get(url).content.decode()
    assert "<strong>3</strong> this month" in exact and "target: 2, not met" in exact
    hidden = commissioner_client.get(url).content.decode()
    assert "<strong>fewer than 5</strong> this month" in hidden
    assert "<strong>3</strong>" not in hidden
    page = commissioner_client.get(reverse("strategy:commitment", args=[commitment.pk]))
    assert "fewer than 5" in page.content.decode()
    assert page.context["table"].rows[-1][1].text == "fewer than 5"
