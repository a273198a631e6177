"""manage.py load_action_plan: loads a plan into a partnership; says clearly what is wrong."""

import json

import pytest
from django.core.management import CommandError, call_command

from waypost.strategy.loading import PLANS_DIR
from waypost.strategy.models import Action, Strategy


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_action_plan", *args, stdout=out)
    return out.getvalue()


def test_loads_a_plan_and_reports_what_it_loaded(world):
    output = _run(str(PLANS_DIR / "birmingham.json"), "--partnership", "birmingham")
    assert "5 themes, 24 commitments, 31 actions, 2 review rounds" in output
    strategy = Strategy.objects.get(partnership=world.birmingham)
    assert Action.objects.filter(commitment__theme__strategy=strategy).count() == 31
    _run(str(PLANS_DIR / "birmingham.json"), "--partnership", "birmingham")
    assert Strategy.objects.filter(partnership=world.birmingham).count() == 1


def test_an_unknown_partnership_is_named_with_the_known_ones(world):
    with pytest.raises(CommandError, match=r"No partnership is called 'leeds'.*coventry"):
        _run(str(PLANS_DIR / "coventry.json"), "--partnership", "leeds")


def test_a_missing_file_is_reported(world, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        _run(str(tmp_path / "nothing.json"), "--partnership", "coventry")


def test_a_file_that_is_not_json_is_reported_with_its_line(world, tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"title": "A plan",\n  "themes": [}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"not valid JSON \(line 2"):
        _run(str(bad), "--partnership", "coventry")
    assert not Strategy.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), r"plan\.title: is missing or blank"),
        (lambda d: d.update(themes=[]), r"themes: a plan needs at least one theme"),
        (
            lambda d: d["themes"][1]["commitments"][2]["actions"][0].update(text=""),
            r"themes\[1\]\.commitments\[2\]\.actions\[0\]\.text: is missing or blank",
        ),
        (
            lambda d: d["themes"][0]["commitments"][3].update(measure_target="lots"),
            r"themes\[0\]\.commitments\[3\]\.measure_target: 'lots' is not a number",
        ),
        (
            lambda d: d["themes"][2].update(code="P1"),
            r"themes\[2\]\.code: 'P1' appears twice",
        ),
        (
            lambda d: d["themes"][0]["commitments"][0]["actions"][0].update(
                review_notes=[{"review": "Reviewed June 2020", "text": "Done."}]
            ),
            r"actions\[0\]\.review_notes\[0\]\.review: 'Reviewed June 2020' is not one of",
        ),
        (
            lambda d: d["themes"][0]["commitments"][0]["actions"][0].update(due_text=7),
            r"actions\[0\]\.due_text: must be text, not int",
        ),
    ],
)
def test_a_schema_error_names_the_field_and_its_position(world, tmp_path, change, message):
    data = json.loads((PLANS_DIR / "coventry.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        _run(str(path), "--partnership", "coventry")
    assert not Strategy.objects.exists()  # nothing half-loaded
