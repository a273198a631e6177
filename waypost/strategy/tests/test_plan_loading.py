"""Both action plans load completely and faithfully, and loading is safe to repeat.

The counts come from `plan_counts` (an independent reading of the source text's table layout),
never from the JSON the loader reads.
"""

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Count

from waypost.strategy.loading import load_plan, plan_data, seed_strategy_demo
from waypost.strategy.models import Action, ActionStatus, Commitment, ReviewNote, Strategy, Theme
from waypost.strategy.tests import plan_counts

PLANS = {
    "coventry": plan_counts.count_coventry,
    "birmingham": plan_counts.count_birmingham,
}
SHARED_SEEDS = Path("/work/shared/seeds")
# Action cells the PDF wrapped into narrow columns, a few words per line (Coventry P2.9, P3.9).
WRAPPED_ACTIONS = {("coventry", "P2", "9", 1), ("coventry", "P3", "9", 2)}


def _load(world, name: str) -> Strategy:
    return load_plan(getattr(world, name), plan_data(name))


def _stored(strategy: Strategy) -> list[list[tuple[str, int]]]:
    return [
        [(c.number, c.actions.count()) for c in theme.commitments.order_by("position")]
        for theme in strategy.themes.order_by("position")
    ]


@pytest.mark.parametrize("name", PLANS)
def test_every_commitment_and_action_of_the_plan_is_loaded(world, name):
    counted = PLANS[name]()
    strategy = _load(world, name)
    expected = [[(c.number, c.actions) for c in theme.commitments] for theme in counted]
    assert _stored(strategy) == expected
    # And the totals, so a miscount in both readings would have to agree by chance.
    totals = {"coventry": (3, 28, 78), "birmingham": (5, 24, 31)}[name]
    assert (
        Theme.objects.filter(strategy=strategy).count(),
        Commitment.objects.filter(theme__strategy=strategy).count(),
        Action.objects.filter(commitment__theme__strategy=strategy).count(),
    ) == totals


@pytest.mark.parametrize("name", PLANS)
def test_commitment_numbers_run_from_one_in_each_theme(world, name):
    strategy = _load(world, name)
    for theme in strategy.themes.all():
        numbers = list(theme.commitments.values_list("number", flat=True))
        if theme.code == "S":  # Birmingham's Supply aims carry no number
            assert numbers == [""] * len(numbers)
        else:
            assert numbers == [str(n) for n in range(1, len(numbers) + 1)], theme.code


def _words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # the PDF-to-text conversion left some HTML
    text = re.sub(r"(?m)(^|\t)(\d+)\.(?=\S)", r"\1\2. ", text)  # "1.Greater" -> "1. Greater"
    return text.split()


def _in_order(wanted: str, source_words: list[str]) -> bool:
    """Every word of `wanted` appears in the source in the same order; a word the PDF broke
    at a line-end hyphen ("co-" ... "ordinated", other columns' words between) may match its
    two pieces in order."""
    at = 0
    for word in wanted.split():
        rest = word
        while at < len(source_words):
            here = source_words[at]
            at += 1
            if here in (rest, word):
                rest = ""
                break
            if here.endswith("-") and rest.startswith(here) and len(rest) > len(here):
                rest = rest[len(here) :]
        if rest:
            return False
    return True


def test_in_order_matcher_rejects_words_that_are_not_there():
    source = _words("Develop a\ttoolkit co-\tordinated")
    assert _in_order("Develop a toolkit co-ordinated", source)
    assert not _in_order("toolkit Develop", source)
    assert not _in_order("Develop a strategy", source)


@pytest.mark.parametrize("name", PLANS)
def test_every_text_is_found_in_its_section_of_the_source(world, name):
    counted = PLANS[name]()
    strategy = _load(world, name)
    for theme, section in zip(strategy.themes.order_by("position"), counted, strict=True):
        assert theme.title == section.heading
        words = _words(section.text)
        for commitment in theme.commitments.all():
            assert _in_order(commitment.text, words), commitment.text
            assert _in_order(commitment.success_text, words), commitment.success_text
            for action in commitment.actions.all():
                for field in ("text", "due_text", "lead_text", "other_agencies_text"):
                    value = getattr(action, field)
                    assert _in_order(value, words), (theme.code, commitment.number, field, value)
                # The first eight words of an action stand together in the source, except in
                # the two cells the PDF wrapped into a narrow column (there, in order is enough).
                opening = " ".join(action.text.split()[:8])
                key = (name, theme.code, commitment.number, action.position)
                assert (opening in " ".join(words)) != (key in WRAPPED_ACTIONS), key


def test_the_first_plan_ties_its_success_measures_to_live_measures(world):
    strategy = _load(world, "coventry")
    tied = {
        f"{c.theme.code}.{c.number}": (c.measure_code, c.measure_target)
        for c in Commitment.objects.filter(theme__strategy=strategy).exclude(measure_code="")
    }
    assert tied == {
        "P1.2": ("hospital_discharge_housed", Decimal("100.0")),
        "P1.3": ("prison_release_housed", Decimal("100.0")),
        "P1.4": ("duty_to_refer_success", Decimal("98.0")),
        "P1.9": ("new_rough_sleepers", None),
        "P1.10": ("region_rough_sleeping_reduction", Decimal("90.0")),
        "P2.4": ("swep_offers_accepted", None),
        "P2.7": ("begging_reduction", Decimal("90.0")),
        "P3.1": ("housing_first_sustained", Decimal("109.0")),
    }
    # The success text the Coventry plan splits over two rows stays whole with its commitment.
    p19 = Commitment.objects.get(theme__strategy=strategy, theme__code="P1", number="9")
    assert p19.success_text.endswith("housed 109 rough sleepers through Housing First.")
    p21 = Commitment.objects.get(theme__strategy=strategy, theme__code="P2", number="1")
    assert p21.success_text.endswith("ensure we can prevent people needing to sleep rough.")


def test_split_cells_are_rejoined_in_reading_order(world):
    coventry = _load(world, "coventry")
    p29 = Commitment.objects.get(theme__strategy=coventry, theme__code="P2", number="9")
    assert p29.text == (
        "The Partnership will work to co-ordinate all the efforts across the City to ensure we "
        "are not duplicating work and interventions with individuals to echo the One Coventry "
        "approach."
    )
    assert p29.success_text == (
        "There is an appropriate and co-ordinated offer of support available to meet the "
        "needs of the community."
    )
    p39 = Commitment.objects.get(theme__strategy=coventry, theme__code="P3", number="9")
    assert [a.lead_text for a in p39.actions.all()][1] == (
        "Commissioning Manager for Housing and Homelessness."
    )
    birmingham = _load(world, "birmingham")
    cp5 = Commitment.objects.get(theme__strategy=birmingham, theme__code="CP", number="5")
    assert cp5.text.endswith("and to reconnect those with no connection to Birmingham.")
    assert cp5.actions.last().text.startswith("iii. Establish links")


def test_the_second_plan_carries_its_review_rounds_and_remarks(world):
    strategy = _load(world, "birmingham")
    rounds = list(strategy.reviews.values_list("title", "held_on"))
    assert [(t, d.isoformat()) for t, d in rounds] == [
        ("Reviewed March 2020", "2020-03-31"),
        ("Reviewed May 2020", "2020-05-31"),
    ]
    notes = ReviewNote.objects.filter(review__strategy=strategy).select_related("review", "action")
    assert notes.count() >= 20
    for note in notes:
        action = note.action
        cell_text = " ".join([action.text, action.due_text, action.lead_text])
        assert note.text in cell_text, note.text  # a quotation, not a paraphrase
        names_may = "May 2020" in note.text or "Covid-19" in note.text
        if names_may:
            assert note.review.title == "Reviewed May 2020", note.text
    quoted = {note.text: note for note in notes}
    for remark in (
        "Check status May 2020",
        "Disturbed by Covid-19, need to check best format and content",
        "Part of Covid-19 proposal May 2020",
    ):
        assert quoted[remark].review.title == "Reviewed May 2020"
    assert quoted["Update on 2020 RSI mobilisation"].review.title == "Reviewed March 2020"
    completed = quoted["Completed."]
    assert completed.review.title == "Reviewed March 2020"
    assert completed.status == ActionStatus.DONE
    assert completed.action.status == ActionStatus.DONE  # a new action takes the agreed status
    # The action keeps its text as written, remark included.
    assert completed.action.text.endswith(
        "Disturbed by Covid-19, need to check best format and content"
    )


def test_the_first_plan_has_no_review_rounds(world):
    strategy = _load(world, "coventry")
    assert not strategy.reviews.exists()
    assert strategy.partnership == world.coventry


def _rows(strategy: Strategy) -> list[tuple]:
    return list(
        Action.objects.filter(commitment__theme__strategy=strategy)
        .order_by("commitment__theme__position", "commitment__position", "position")
        .values_list("id", "commitment_id", "text", "due_text", "due_date", "lead_text")
    )


@pytest.mark.parametrize("name", PLANS)
def test_loading_twice_updates_in_place(world, name):
    first = _load(world, name)
    before = _rows(first)
    notes = ReviewNote.objects.filter(review__strategy=first).count()
    second = _load(world, name)
    assert second.pk == first.pk
    assert Strategy.objects.filter(partnership=getattr(world, name)).count() == 1
    assert _rows(second) == before
    assert ReviewNote.objects.filter(review__strategy=second).count() == notes
    assert second.reviews.count() == len(plan_data(name)["reviews"])


def test_a_status_someone_changed_survives_a_reload(world, caseworker_user):
    strategy = _load(world, "coventry")
    action = Action.objects.filter(commitment__theme__strategy=strategy).first()
    action.status = ActionStatus.AT_RISK
    action.status_changed_by = caseworker_user
    action.save()
    _load(world, "coventry")
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.status_changed_by == caseworker_user


def test_a_changed_plan_is_updated_in_place_and_shrinks(world):
    strategy = _load(world, "coventry")
    data = copy.deepcopy(plan_data("coventry"))
    first_action = data["themes"][0]["commitments"][0]["actions"][0]
    first_action["text"] = "Develop a communication strategy (revised)."
    first_action["due_text"] = "Sep-21"
    data["themes"][2]["commitments"].pop()  # P3.9 dropped from the plan
    action = Action.objects.get(
        commitment__theme__strategy=strategy,
        commitment__theme__position=1,
        commitment__position=1,
        position=1,
    )
    load_plan(world.coventry, data)
    changed = Action.objects.get(pk=action.pk)
    assert changed.text == "Develop a communication strategy (revised)."
    assert changed.due_date.isoformat() == "2021-09-30"
    assert changed.version == action.version + 1
    assert Commitment.objects.filter(theme__strategy=strategy, theme__code="P3").count() == 8


def test_seed_demo_loads_each_partnerships_own_plan_with_a_few_statuses(world):
    from waypost.accounts.models import Partnership

    coventry = seed_strategy_demo(world.coventry)
    birmingham = seed_strategy_demo(world.birmingham)
    other = Partnership.objects.create(name="Leeds", slug="leeds", region="Yorkshire")
    assert seed_strategy_demo(other) is None
    assert not Strategy.objects.filter(partnership=other).exists()
    assert coventry.partnership == world.coventry and birmingham.partnership == world.birmingham
    statuses = dict(
        Action.objects.filter(commitment__theme__strategy=coventry)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    # Due before 2020 -> done; January and February 2020 -> on track; the rest not started.
    due = Action.objects.filter(commitment__theme__strategy=coventry)
    assert statuses[ActionStatus.DONE] == due.filter(due_date__year__lt=2020).count() > 0
    assert statuses[ActionStatus.NOT_STARTED] > statuses[ActionStatus.DONE]
    # Birmingham: the two actions its March 2020 review called done.
    assert set(
        Action.objects.filter(
            commitment__theme__strategy=birmingham, status=ActionStatus.DONE
        ).values_list("commitment__theme__code", "commitment__number")
    ) == {("TP", "1"), ("CP", "1")}
    again = seed_strategy_demo(world.coventry)
    assert again.pk == coventry.pk
    assert Action.objects.filter(commitment__theme__strategy=coventry).count() == 78


def test_the_sources_are_the_shared_seed_files_byte_for_byte():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("the shared seeds folder is only on the development machine")
    seeds = [path.read_bytes() for path in SHARED_SEEDS.iterdir() if path.is_file()]
    for source in (plan_counts.COVENTRY, plan_counts.BIRMINGHAM):
        assert source.read_bytes() in seeds, source.name
