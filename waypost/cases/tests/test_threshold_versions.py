"""Changing the threshold model: only coordinators, always a new version (the old one and the
tiers it set are kept), with who, when, why and what changed; numbers are checked and a bad
one keeps what was typed; a change saved meanwhile by someone else is not overwritten."""

import pytest
from django_tasks_db.models import DBTaskResult

from waypost.accounts.models import Role
from waypost.cases.models import Domain, ThresholdModel, TierResult
from waypost.cases.scoring import DEFAULT_RULES, DEFAULT_TIERS
from waypost.cases.tests.test_assessment_record import assess
from waypost.cases.threshold_actions import DEFAULT_NOTE, current_model
from waypost.cases.threshold_forms import ThresholdForm
from waypost.testing.people import make_person

EDIT = "/cases/threshold/coventry/change/"


def edit_data(model, **changes):
    """The edit form as the model fills it in, with `changes`."""
    data = {
        key: "" if value is None else str(value)
        for key, value in ThresholdForm.initial_for(model).items()
    }
    data["change_note"] = "Weigh mental health more, as agreed at the board"
    data.update({key: str(value) for key, value in changes.items()})
    return data


def test_the_first_use_makes_version_1_with_the_defaults_once(world):
    model = current_model(world.coventry)
    assert (model.version, model.rules, model.tiers) == (1, DEFAULT_RULES, DEFAULT_TIERS)
    assert model.change_note == DEFAULT_NOTE
    assert current_model(world.coventry) == model
    assert ThresholdModel.objects.count() == 1
    assert current_model(world.birmingham).version == 1  # one model per partnership


def test_a_coordinator_saves_a_new_version_and_the_old_one_is_kept(
    coordinator_client, coordinator_user, caseworker_user, world, django_capture_on_commit_callbacks
):
    person = make_person(world.council, by=caseworker_user)
    assess(person, caseworker_user, world.council, {Domain.MENTAL_HEALTH: 3})
    v1 = current_model(world.coventry)
    old_result = TierResult.objects.get(person=person)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(EDIT, edit_data(v1, mental_health_3=10, tier_1=36))

    assert response.status_code == 302
    assert response.url == "/cases/threshold/?partnership=coventry"
    v2 = ThresholdModel.objects.get(partnership=world.coventry, version=2)
    assert v2.created_by == coordinator_user
    assert v2.rules["domains"]["mental_health"] == {"0": 0, "1": 2, "2": 4, "3": 10}
    assert v2.tiers == [[1, 36], [2, 20], [3, 0]]
    v1.refresh_from_db()
    assert (v1.rules, v1.tiers) == (DEFAULT_RULES, DEFAULT_TIERS)  # never edited
    old_result.refresh_from_db()
    assert old_result.model == v1  # the old tier still points at the version that set it
    # Everyone's tier is worked out again by a task that is given only the version's id.
    task = DBTaskResult.objects.get()
    assert task.task_path == "waypost.cases.tier_tasks.recalculate_tiers"
    assert task.args_kwargs == {"args": [str(v2.pk)], "kwargs": {}}

    html = coordinator_client.get("/cases/threshold/").content.decode()
    assert "Version 2, in use since" in html
    assert "Weigh mental health more, as agreed at the board" in html
    assert "Mental health, high: 6 → 10 points" in html
    assert "Tier 1 cut-off: 40 → 36" in html
    assert "Coordinator" in html  # who saved it


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"mental_health_3": "101"},
            "Enter the points for mental health, high as a whole number from 0 to 100",
        ),
        (
            {"mental_health_3": "6.5"},
            "Enter the points for mental health, high as a whole number from 0 to 100",
        ),
        ({"nps": "-1"}, "Enter the points for NPS use as a whole number from 0 to 100"),
        ({"nps": ""}, "Enter the points for NPS use as a whole number from 0 to 100"),
        (
            {"tier_1": "20", "tier_2": "20"},
            "The lowest score for tier 1 must be more than the lowest score for tier 2 (20)",
        ),
        (
            {"months_rough_3_from": "3"},
            "Band 3 of months rough sleeping must start at more months than band 2 (3)",
        ),
        (
            {"returns_2_from": "0"},
            "Enter the returns for band 2 of returns as a whole number from 1 to 99",
        ),
        ({"change_note": ""}, "Enter why you are changing the model"),
    ],
)
def test_bad_numbers_are_refused_and_what_was_typed_is_kept(
    coordinator_client, world, changes, message
):
    model = current_model(world.coventry)
    data = edit_data(model, **changes)
    response = coordinator_client.post(EDIT, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    for name, value in changes.items():
        if value and name != "change_note":
            assert f'name="{name}" value="{value}"' in html
    assert ThresholdModel.objects.count() == 1


def test_saving_with_nothing_changed_is_refused(coordinator_client, world):
    model = current_model(world.coventry)
    html = coordinator_client.post(EDIT, edit_data(model)).content.decode()
    assert "Nothing has changed. Change at least one number, or cancel." in html
    assert ThresholdModel.objects.count() == 1


def test_a_version_saved_meanwhile_is_not_overwritten(coordinator_client, coordinator_user, world):
    v1 = current_model(world.coventry)
    form_loaded = edit_data(v1, nps=9)  # the form was filled in from version 1 ...
    ThresholdModel.objects.create(  # ... and meanwhile someone saved version 2
        partnership=world.coventry, version=2, rules=v1.rules, tiers=[[1, 50], [2, 20], [3, 0]]
    )
    html = coordinator_client.post(EDIT, form_loaded).content.decode()
    assert "Someone else saved a new version of the model while you were editing it" in html
    assert 'name="nps" value="9"' in html  # what they typed is kept
    assert 'name="based_on" value="2"' in html  # the next save is checked against version 2
    assert ThresholdModel.objects.count() == 2

    coordinator_client.post(EDIT, {**form_loaded, "based_on": "2"})
    assert ThresholdModel.objects.filter(version=3, rules__nps=9).exists()


def test_an_old_version_can_be_read_in_full(coordinator_client, coordinator_user, world):
    v1 = current_model(world.coventry)
    coordinator_client.post(EDIT, edit_data(v1, nps=7))
    html = coordinator_client.get(f"/cases/threshold/versions/{v1.pk}/").content.decode()
    assert "Threshold model version 1" in html
    assert "The first version" in html
    assert ">4</td>" in html  # version 1's NPS points
    v2 = ThresholdModel.objects.get(version=2)
    html = coordinator_client.get(f"/cases/threshold/versions/{v2.pk}/").content.decode()
    assert "Synthetic cannabinoids or other NPS: 4 → 7 points" in html
    missing = "00000000-0000-0000-0000-000000000000"
    assert coordinator_client.get(f"/cases/threshold/versions/{missing}/").status_code == 404
    assert (
        f"/cases/threshold/versions/{v1.pk}/"
        in coordinator_client.get("/cases/threshold/").content.decode()
    )


def test_the_action_refuses_anyone_but_a_coordinator(world, commissioner_user):
    from django.core.exceptions import PermissionDenied

    from waypost.cases.threshold_actions import save_new_version

    model = current_model(world.coventry)
    with pytest.raises(PermissionDenied):
        save_new_version(
            world.coventry,
            rules={**model.rules, "nps": 1},
            tiers=model.tiers,
            change_note="Because",
            based_on=1,
            by=commissioner_user,
        )


def test_a_coordinator_elsewhere_cannot_change_this_partnerships_model(world):
    from waypost.cases.tests.test_tier_page import client_for
    from waypost.testing.personas import make_user

    brum = client_for(
        make_user("rsc@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    )
    model = current_model(world.coventry)
    assert brum.get(EDIT).status_code == 404
    assert brum.post(EDIT, edit_data(model, nps=9)).status_code == 404
    assert ThresholdModel.objects.filter(partnership=world.coventry).count() == 1
