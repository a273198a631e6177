"""seed_demo runs only in demo mode. What it makes is checked in test_demo_world.py."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_it_refuses_outside_demo_mode(db, settings):
    settings.WAYPOST_DEMO = False
    with pytest.raises(CommandError, match="WAYPOST_DEMO=1"):
        call_command("seed_demo", stdout=StringIO())
