"""The countdown board: everyone due out of hospital or prison in the next 28 days, soonest
first, with those past their date and nothing recorded at the top; whether somewhere to go is
confirmed in words and colour, loudest within a week. The triage team sees their partnership's,
the referring agency its own patients; nobody else sees any, and each row shown is logged."""

import re
from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.referrals.models import Discharge, Pathway, ReferralStatus
from waypost.referrals.tests.discharge_helpers import (
    brum_caseworker,
    client_for,
    make_discharge,
    member,
    prison_agency,
    probation_referrer,
)

BOARD = "/referrals/discharges/"


def _row(page: str, name: str) -> str:
    match = re.search(
        rf"<tr class=\"govuk-table__row\">(?:(?!</tr>).)*{name}(?:(?!</tr>).)*</tr>", page, re.S
    )
    assert match, f"{name} is not on the board"
    return match.group(0)


def test_the_board_shows_who_is_due_out_soonest_first_with_the_overdue_at_the_top(
    world, referrer_user, caseworker_client
):
    make_discharge(world, referrer_user, days=20, name="Twenty")
    make_discharge(world, referrer_user, days=5, name="Five")
    make_discharge(world, referrer_user, days=1, name="Tomorrow")
    make_discharge(world, referrer_user, days=0, name="Today")
    make_discharge(world, referrer_user, days=-1, name="Yesterday")
    make_discharge(world, referrer_user, days=29, name="Later")
    left = make_discharge(world, referrer_user, days=-3, name="Gone")
    Discharge.objects.filter(referral=left).update(
        discharged_on=timezone.localdate(), outcome="temporary"
    )
    page = caseworker_client.get(BOARD).content.decode()
    order = [
        page.index(f"{n} Hartley") for n in ("Yesterday", "Today", "Tomorrow", "Five", "Twenty")
    ]
    assert order == sorted(order)
    assert page.index("Due out: record what happened") < page.index("Yesterday Hartley")
    assert page.index("Yesterday Hartley") < page.index("Due out in the next 28 days")
    assert "Later Hartley" not in page  # beyond the 28 days
    assert "Gone Hartley" not in page  # already out
    assert "in 5 days" in _row(page, "Five Hartley")
    assert "tomorrow" in _row(page, "Tomorrow Hartley")
    assert "today" in _row(page, "Today Hartley")
    assert "yesterday" in _row(page, "Yesterday Hartley")


def test_each_row_says_where_whom_to_call_and_whether_somewhere_is_confirmed(
    world, referrer_user, caseworker_client
):
    soon = make_discharge(world, referrer_user, days=5, name="Soon")
    later = make_discharge(world, referrer_user, days=20, name="Later")
    sorted_out = make_discharge(world, referrer_user, days=3, name="Sorted")
    Discharge.objects.filter(referral=sorted_out).update(
        accommodation_confirmed=True, confirmed_accommodation="supported"
    )
    page = caseworker_client.get(BOARD).content.decode()
    row = _row(page, "Soon Hartley")
    assert "University Hospital Coventry" in row and "Ward 12" in row
    assert "Sam Okafor" in row and "Discharge nurse" in row
    assert "govuk-tag--red" in row and "Nowhere confirmed" in row
    # Within a week and nowhere confirmed: the warning, in words as well.
    assert "govuk-warning-text" in row and "Warning: nowhere confirmed" in row
    assert f"/referrals/discharges/{soon.pk}/confirm/" in row
    later_row = _row(page, "Later Hartley")
    assert "Nowhere confirmed" in later_row and "govuk-warning-text" not in later_row
    assert f"/referrals/discharges/{later.pk}/date/" in later_row
    confirmed = _row(page, "Sorted Hartley")
    assert "govuk-tag--green" in confirmed
    assert "Confirmed: Supported housing or a hostel" in confirmed
    assert "1 person is due out within 7 days with nowhere confirmed" in page


def test_the_board_filters_by_pathway_and_institution(world, referrer_user, caseworker_client):
    prison = prison_agency(world)
    officer = member("officer@hmp.test", prison, Role.REFERRER)
    make_discharge(world, referrer_user, days=3, name="Ward")
    make_discharge(world, referrer_user, days=4, name="Walsgrave", institution=" walsgrave ")
    make_discharge(
        world,
        officer,
        days=6,
        name="Cell",
        agency=prison,
        pathway=Pathway.PRISON,
        institution="HMP Birmingham",
        ward_or_wing="B wing",
    )
    page = caseworker_client.get(BOARD, {"pathway": "prison"}).content.decode()
    assert "Cell Hartley" in page and "Ward Hartley" not in page
    page = caseworker_client.get(
        BOARD, {"institution": "university hospital coventry"}
    ).content.decode()
    assert "Ward Hartley" in page
    assert "Walsgrave Hartley" not in page and "Cell Hartley" not in page
    # Institutions are offered once each, however they were typed.
    assert page.count('value="walsgrave"') == 1
    page = caseworker_client.get(BOARD, {"pathway": "hospital", "institution": "hmp birmingham"})
    assert "Nobody matches these filters" in page.content.decode()


def test_birminghams_team_and_other_agencies_see_none_of_coventrys(world, referrer_user):
    make_discharge(world, referrer_user, days=5)
    for user in (brum_caseworker(world), probation_referrer(world)):
        page = client_for(user).get(BOARD).content.decode()
        assert "Dawn Hartley" not in page
        assert "Nobody is due out" in page


def test_the_referrer_sees_their_own_patients_but_cannot_confirm(
    world, referrer_user, referrer_client, caseworker_user
):
    mine = make_discharge(world, referrer_user, days=5, name="Mine")
    Discharge.objects.filter(referral=mine).update(
        accommodation_confirmed=True, confirmed_accommodation="temporary"
    )
    # Sent by the probation service: the hospital does not see it.
    other = probation_referrer(world)
    make_discharge(world, other, days=4, name="Theirs", agency=other.memberships.get().agency)
    page = referrer_client.get(BOARD).content.decode()
    row = _row(page, "Mine Hartley")
    assert "Confirmed: Temporary accommodation" in row
    assert "Theirs Hartley" not in page
    assert "/confirm/" not in row and "/fell-through/" not in row
    assert f"/referrals/discharges/{mine.pk}/outcome/" in row


def test_commissioners_and_admins_do_not_see_the_board(commissioner_client, admin_client):
    assert commissioner_client.get(BOARD).status_code == 403
    assert admin_client.get(BOARD).status_code == 403


def test_closed_referrals_leave_the_board(world, referrer_user, caseworker_client):
    referral = make_discharge(world, referrer_user, days=5)
    referral.status, referral.closure_reason = ReferralStatus.CLOSED, "withdrawn"
    referral.save()
    assert "Dawn Hartley" not in caseworker_client.get(BOARD).content.decode()


def test_each_row_shown_is_in_the_access_log(
    world, referrer_user, caseworker_client, caseworker_user
):
    shown = [
        make_discharge(world, referrer_user, days=n, name=name)
        for n, name in ((2, "Two"), (9, "Nine"))
    ]
    caseworker_client.get(BOARD)
    events = AccessEvent.objects.filter(user=caseworker_user, subject_type="referral")
    assert {e.subject_id for e in events} == {str(r.pk) for r in shown}
    assert {e.route for e in events} == {"referrals:discharge_board"}
    assert {e.agency_id for e in events} == {world.council.pk}


def test_the_board_pages_25_at_a_time_in_a_fixed_number_of_queries(
    world, referrer_user, caseworker_client, django_assert_max_num_queries
):
    names = [f"Name{a}{b}" for a in "ab" for b in "abcdefghijklmnopqrstuvwxyz"]
    for n in range(27):
        make_discharge(world, referrer_user, days=n, name=names[n])
    # Session, user, memberships; institutions, counts, page count, page; one access
    # event per row shown. Nothing more per row.
    with django_assert_max_num_queries(12 + 25):
        first = caseworker_client.get(BOARD)
    assert first.content.decode().count("Hartley</a>") == 25
    with django_assert_max_num_queries(12 + 2):
        second = caseworker_client.get(BOARD, {"page": 2})
    assert second.content.decode().count("Hartley</a>") == 2
    assert AccessEvent.objects.filter(route="referrals:discharge_board").count() == 27


def test_past_their_date_they_stay_on_the_board_until_something_is_recorded(
    world, referrer_user, caseworker_client
):
    referral = make_discharge(world, referrer_user, days=-40, name="Forgotten")
    page = caseworker_client.get(BOARD).content.decode()
    assert "40 days ago" in _row(page, "Forgotten Hartley")
    Discharge.objects.filter(referral=referral).update(
        discharged_on=timezone.localdate() - timedelta(days=40), outcome="no_fixed_abode"
    )
    assert "Forgotten Hartley" not in caseworker_client.get(BOARD).content.decode()
