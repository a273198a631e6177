"""The learning summary for the partnership board: publishing refuses a summary that contains
the person's names, other names, date of birth, identifiers or exact date of death, and says
which kind of detail (never the detail itself); it needs a completed review; coordinators
only. A published summary is checked again when changed, and can be withdrawn."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from waypost.cases.death_actions import (
    BIRTH_DATE,
    DEATH_DATE,
    IDENTIFIER,
    NAME,
    OTHER_NAME,
    IdentifyingFacts,
    identifying_problems,
)
from waypost.cases.tests.test_enforcement_helpers import notified_death, review_fields
from waypost.people import actions as people_actions
from waypost.people.models import AliasKind, IdentifierKind
from waypost.testing.people import give_consent, make_person, sign_agreement_for

FACTS = IdentifyingFacts(
    names=("Marigold", "Quince", "Goldie"),
    other_names=("Maz", "Smith"),
    birth_date=date(1980, 3, 7),
    birth_month_only=False,
    identifiers=("943 476 5919", "QQ123456C", "A12"),
    died_on=date(2026, 1, 14),
)
CLEAN = (
    "A woman in her forties died in January 2026 after a cold night outside. Outreach had "
    "offered a bed twice. The SWEP trigger will be lowered to 1 degree."
)


def test_a_summary_with_nothing_identifying_passes():
    assert identifying_problems(CLEAN, FACTS) == []


@pytest.mark.parametrize(
    "text",
    ["Marigold slept near the station", "MS QUINCE was known to outreach", "known as goldie"],
)
def test_their_names_are_found_whatever_the_case(text):
    assert identifying_problems(text, FACTS) == [NAME]


def test_names_match_whole_words_only():
    assert identifying_problems("Marigolds grow in the park; the quinces were ripe", FACTS) == []


def test_other_names_are_found():
    assert identifying_problems("Friends called her Maz", FACTS) == [OTHER_NAME]


@pytest.mark.parametrize(
    "text",
    ["born 7 March 1980", "born on the 7th of March 1980", "DOB 07/03/1980", "b. 7.3.80",
     "born 1980-03-07", "born Mar 7, 1980"],
)  # fmt: skip
def test_the_date_of_birth_is_found_however_written(text):
    assert identifying_problems(text, FACTS) == [BIRTH_DATE]


def test_a_birth_month_is_found_when_only_the_month_is_known():
    facts = IdentifyingFacts((), (), date(1980, 3, 1), True, (), None)
    assert identifying_problems("born in March 1980", facts) == [BIRTH_DATE]
    assert identifying_problems("born 3/1980", facts) == [BIRTH_DATE]
    assert identifying_problems("in March 1981 things changed", facts) == []


def test_identifiers_are_found_ignoring_spaces_and_case():
    assert identifying_problems("NHS number 9434765919 on file", FACTS) == [IDENTIFIER]
    assert identifying_problems("NI qq 12 34 56 c", FACTS) == [IDENTIFIER]
    # Very short ids match too much ordinary text to be checked.
    assert identifying_problems("Block A12 of the estate", FACTS) == []


def test_the_exact_date_of_death_is_found_but_the_month_is_allowed():
    assert identifying_problems("died on 14 January 2026", FACTS) == [DEATH_DATE]
    assert identifying_problems("died in January 2026", FACTS) == []


def test_several_kinds_are_all_named():
    problems = identifying_problems("Marigold (Maz), born 7/3/1980, NHS 943 476 5919", FACTS)
    assert problems == [NAME, OTHER_NAME, BIRTH_DATE, IDENTIFIER]


# --- Through the page --------------------------------------------------------------------------


@pytest.fixture
def review(world, coordinator_client, outreach_user):
    """A completed review of Marigold Quince's death (alias Maz, NHS number on record)."""
    person = make_person(world.council, given_name="Marigold", family_name="Quince")
    people_actions.add_alias(
        person, kind=AliasKind.NICKNAME, given_name="Maz", by=None, agency=world.council
    )
    people_actions.add_identifier(
        person, kind=IdentifierKind.NHS_NUMBER, value="943 476 5919", by=None, agency=world.council
    )
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, None, world.council)
    review = notified_death(
        person, world.outreach, outreach_user, died_on=timezone.localdate() - timedelta(days=3)
    )
    coordinator_client.post(
        f"/cases/deaths/{review.pk}/",
        review_fields(review, agencies_involved=[world.outreach.pk], complete="1"),
    )
    review.refresh_from_db()
    return review


def _url(review):
    return f"/cases/deaths/{review.pk}/summary/"


def _publish(client, review, text, action="publish"):
    review.refresh_from_db()
    return client.post(
        _url(review), {"version": review.version, "learning_summary": text, "action": action}
    )


def test_the_page_shows_what_to_leave_out(coordinator_client, review):
    html = coordinator_client.get(_url(review)).content.decode()
    assert "Leave out" in html
    assert "their name, nicknames and any other names they used" in html
    assert "Publish to the board" in html


def test_publishing_refuses_the_persons_name_and_says_only_what_kind(coordinator_client, review):
    response = _publish(coordinator_client, review, "Marigold died after a cold night. Maz too.")
    html = response.content.decode()
    assert "The summary contains the person’s name. Take it out, then publish again" in html
    assert "The summary contains another name the person was known by" in html
    error_summary = html.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert "Marigold" not in error_summary and "Maz" not in error_summary
    review.refresh_from_db()
    assert review.summary_published_at is None and review.learning_summary == ""


def test_publishing_refuses_identifiers_and_the_exact_date_of_death(coordinator_client, review):
    died = review.notification.died_on
    html = _publish(
        coordinator_client, review, f"NHS 9434765919, died {died:%-d %B %Y}."
    ).content.decode()
    assert "one of the person’s identifiers" in html
    assert "the exact date the person died" in html
    review.refresh_from_db()
    assert review.summary_published_at is None


def test_a_clean_summary_is_published_then_rechecked_and_withdrawn(coordinator_client, review):
    assert _publish(coordinator_client, review, CLEAN).status_code == 302
    review.refresh_from_db()
    assert review.summary_published_at is not None and review.learning_summary == CLEAN
    # Changing a published summary is checked again.
    html = _publish(coordinator_client, review, "Quince died.", action="save").content.decode()
    assert "The summary contains the person’s name" in html
    review.refresh_from_db()
    assert review.learning_summary == CLEAN
    assert _publish(coordinator_client, review, CLEAN, action="withdraw").status_code == 302
    review.refresh_from_db()
    assert review.summary_published_at is None and review.learning_summary == CLEAN


def test_a_draft_may_be_saved_but_not_published_before_the_review_is_complete(
    world, coordinator_client, outreach_user
):
    person = make_person(world.council, given_name="Open", family_name="Review")
    review = notified_death(person, world.outreach, outreach_user)
    html = coordinator_client.get(_url(review)).content.decode()
    assert "Publish to the board" not in html
    assert _publish(coordinator_client, review, "Draft", action="save").status_code == 302
    html = _publish(coordinator_client, review, "Draft").content.decode()
    assert "Complete the review before publishing its learning summary" in html
    review.refresh_from_db()
    assert review.learning_summary == "Draft" and review.summary_published_at is None


def test_only_coordinators_write_the_summary(outreach_client, review):
    # Outreach was involved: it reads the review, but may not write the summary.
    assert outreach_client.get(f"/cases/deaths/{review.pk}/").status_code == 200
    assert outreach_client.get(_url(review)).status_code == 404
    assert _publish(outreach_client, review, CLEAN).status_code == 404


def test_a_stale_summary_save_is_refused(coordinator_client, review):
    stale = {"version": review.version, "learning_summary": "Old draft", "action": "save"}
    _publish(coordinator_client, review, "New draft", action="save")
    html = coordinator_client.post(_url(review), stale).content.decode()
    assert "Someone else changed this review" in html
    review.refresh_from_db()
    assert review.learning_summary == "New draft"
