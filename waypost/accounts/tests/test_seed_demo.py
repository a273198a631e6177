"""seed_demo builds the two partnerships of the plans and is safe to run twice."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User


def test_it_is_idempotent_and_covers_every_agency_type_and_role(db, settings):
    settings.WAYPOST_DEMO = True
    for _ in range(2):
        call_command("seed_demo", stdout=StringIO())
    assert set(Partnership.objects.values_list("name", flat=True)) == {"Coventry", "Birmingham"}
    for partnership in Partnership.objects.all():
        types = set(Agency.objects.filter(partnership=partnership).values_list("type", flat=True))
        assert types == set(AgencyType.values)
        roles = set(
            Membership.objects.active()
            .filter(agency__partnership=partnership)
            .values_list("role", flat=True)
        )
        assert roles == set(Role.values)
    # One of each role, and a housing options caseworker, in each partnership.
    assert User.objects.count() == 2 * (len(Role) + 1)
    assert User.objects.filter(is_demo=False).count() == 0


def test_it_refuses_outside_demo_mode(db, settings):
    settings.WAYPOST_DEMO = False
    with pytest.raises(CommandError, match="WAYPOST_DEMO=1"):
        call_command("seed_demo", stdout=StringIO())


def test_demo_referrals_show_every_stage_once(db, settings):
    """The demo has referrals waiting, a duty about to expire, a successful duty and
    discharges on the countdown board, and seeding again adds none."""
    from waypost.referrals.models import Discharge, Duty, Referral

    settings.WAYPOST_DEMO = True
    for _ in range(2):
        call_command("seed_demo", stdout=StringIO())
    coventry = Referral.objects.filter(partnership__slug="coventry")
    assert coventry.count() == 7
    assert coventry.filter(status="waiting").count() == 4
    open_duty = Duty.objects.get(referral__partnership__slug="coventry", ended_on__isnull=True)
    assert open_duty.is_expiring()
    assert Duty.objects.filter(referral__partnership__slug="coventry", outcome="secured_6_months")
    assert Discharge.objects.filter(referral__partnership__slug="coventry").count() == 3
