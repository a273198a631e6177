"""The P1.2 and P1.3 measure: of the planned discharges and releases (referred before the day
they left), how many had somewhere to go, per hospital and per prison, over a period. Counts
only, computed by the database; for the triage team, coordinators and commissioners."""

import re
from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Role
from waypost.referrals.models import Discharge, Pathway, Referral
from waypost.referrals.tests.discharge_helpers import (
    brum_caseworker,
    client_for,
    make_discharge,
    member,
    prison_agency,
)

KPI = "/referrals/discharges/outcomes/"
NAMES = iter(f"Name{a}{b}" for a in "abcdef" for b in "abcdefghijklmnopqrstuvwxyz")


def _left(world, by, *, days_ago=10, outcome="temporary", referred_before=5, **kw):
    """Someone who left `days_ago` days ago, referred `referred_before` days before that
    (0: on the day, so not planned)."""
    referral = make_discharge(world, by, name=next(NAMES), **kw)
    left_on = timezone.localdate() - timedelta(days=days_ago)
    Discharge.objects.filter(referral=referral).update(discharged_on=left_on, outcome=outcome)
    received = timezone.now() - timedelta(days=days_ago + referred_before)
    Referral.objects.filter(pk=referral.pk).update(received_at=received)
    return referral


def _cells(page: str, institution: str) -> list[str]:
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*>{institution}</th>(.*?)</tr>", page, re.S)
    assert row, f"no row for {institution}"
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def test_planned_discharges_with_somewhere_to_go_per_hospital(
    world, referrer_user, caseworker_client
):
    _left(world, referrer_user, outcome="temporary")
    _left(world, referrer_user, outcome="supported", institution=" university hospital coventry")
    _left(
        world, referrer_user, outcome="no_fixed_abode", institution="University Hospital Coventry "
    )
    _left(world, referrer_user, outcome="family_friends", institution="Walsgrave")
    # Referred on the day they left: not a planned discharge, so not counted.
    _left(world, referrer_user, outcome="no_fixed_abode", referred_before=0)
    page = caseworker_client.get(KPI).content.decode()
    assert _cells(page, "University Hospital Coventry") == ["3", "2", "67%"]
    assert _cells(page, "Walsgrave") == ["1", "1", "100%"]
    assert _cells(page, "All hospitals") == ["4", "3", "75%"]
    assert "<strong>75%</strong> of planned discharges and releases had somewhere to go" in page
    assert "1 more left on or before the day they were referred" in page
    assert "No planned releases in this period" in page
    assert "Hartley" not in page and "Dawn" not in page


def test_prisons_are_counted_apart(world, referrer_user, caseworker_client):
    prison = prison_agency(world)
    officer = member("officer@hmp.test", prison, Role.REFERRER)
    _left(
        world,
        officer,
        agency=prison,
        pathway=Pathway.PRISON,
        institution="HMP Birmingham",
        outcome="approved_premises",
    )
    _left(
        world,
        officer,
        agency=prison,
        pathway=Pathway.PRISON,
        institution="HMP Birmingham",
        outcome="no_fixed_abode",
    )
    _left(world, referrer_user)
    page = caseworker_client.get(KPI).content.decode()
    assert _cells(page, "HMP Birmingham") == ["2", "1", "50%"]
    assert _cells(page, "All prisons") == ["2", "1", "50%"]
    assert _cells(page, "All hospitals") == ["1", "1", "100%"]
    assert "<strong>67%</strong>" in page


def test_the_period_defaults_to_the_last_12_months_and_can_be_chosen(
    world, referrer_user, caseworker_client
):
    _left(world, referrer_user, days_ago=10)
    _left(world, referrer_user, days_ago=400, outcome="no_fixed_abode")
    page = caseworker_client.get(KPI).content.decode()
    assert _cells(page, "All hospitals") == ["1", "1", "100%"]
    start = timezone.localdate() - timedelta(days=500)
    end = timezone.localdate() - timedelta(days=300)
    page = caseworker_client.get(
        KPI,
        {
            "from_on_0": start.day,
            "from_on_1": start.month,
            "from_on_2": start.year,
            "to_on_0": end.day,
            "to_on_1": end.month,
            "to_on_2": end.year,
        },
    ).content.decode()
    assert _cells(page, "All hospitals") == ["1", "0", "0%"]


def test_a_period_that_ends_before_it_starts_is_explained(caseworker_client, world):
    page = caseworker_client.get(
        KPI,
        {
            "from_on_0": "2",
            "from_on_1": "3",
            "from_on_2": "2026",
            "to_on_0": "1",
            "to_on_1": "3",
            "to_on_2": "2026",
        },
    ).content.decode()
    assert "The start date must be the same as or before the end date" in page
    assert 'value="2026"' in page


def test_commissioners_and_coordinators_see_the_figures_but_not_names(
    world, referrer_user, commissioner_client, coordinator_client
):
    _left(world, referrer_user)
    for client in (commissioner_client, coordinator_client):
        page = client.get(KPI).content.decode()
        assert _cells(page, "All hospitals") == ["1", "1", "100%"]
        assert "Hartley" not in page
    # The commissioner is not offered the board.
    assert 'href="/referrals/discharges/"' not in commissioner_client.get(KPI).content.decode()


def test_referrers_outreach_and_admins_do_not_see_the_figures(
    referrer_client, outreach_client, admin_client
):
    for client in (referrer_client, outreach_client, admin_client):
        assert client.get(KPI).status_code == 403


def test_birmingham_sees_only_its_own_figures(world, referrer_user):
    _left(world, referrer_user)
    page = client_for(brum_caseworker(world)).get(KPI).content.decode()
    assert "Birmingham" in page
    assert "University Hospital Coventry" not in page
    assert "No planned discharges or releases in this period" in page


def test_duplicate_referrals_are_not_counted(world, referrer_user, caseworker_client):
    duplicate = _left(world, referrer_user, outcome="no_fixed_abode")
    Referral.objects.filter(pk=duplicate.pk).update(status="closed", closure_reason="duplicate")
    _left(world, referrer_user)
    page = caseworker_client.get(KPI).content.decode()
    assert _cells(page, "All hospitals") == ["1", "1", "100%"]


def test_the_figures_take_the_same_queries_however_many_discharges(
    world, referrer_user, caseworker_client, django_assert_max_num_queries
):
    for n in range(12):
        _left(world, referrer_user, institution=f"Hospital {'ABCDEFGHIJKL'[n]}")
    # Session (read and saved), user, memberships, MFA; the groups, spellings and totals.
    with django_assert_max_num_queries(11):  # with the SWEP banner
        page = caseworker_client.get(KPI).content.decode()
    assert _cells(page, "All hospitals") == ["12", "12", "100%"]
