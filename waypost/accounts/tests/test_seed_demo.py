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
    assert User.objects.count() == 2 * len(Role)
    assert User.objects.filter(is_demo=False).count() == 0


def test_it_refuses_outside_demo_mode(db, settings):
    settings.WAYPOST_DEMO = False
    with pytest.raises(CommandError, match="WAYPOST_DEMO=1"):
        call_command("seed_demo", stdout=StringIO())
