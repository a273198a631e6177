import pytest
from django.core.cache import cache

from waypost.referrals.actions import set_alert_area


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(world):
    """Coventry covers CV1 to CV7 and a few named places; Birmingham covers B1 to B48."""
    set_alert_area(
        world.coventry,
        districts=[f"CV{n}" for n in range(1, 8)],
        places=["Coventry", "Earlsdon", "Foleshill", "Tile Hill"],
        by=None,
    )
    set_alert_area(
        world.birmingham,
        districts=[f"B{n}" for n in range(1, 49)],
        places=["Birmingham", "Digbeth"],
        by=None,
    )


@pytest.fixture
def brum_outreach_client(world):
    """An outreach worker in the other partnership (Birmingham)."""
    from django.test import Client

    from waypost.accounts.models import Role
    from waypost.testing.personas import make_user, mark_recently_authenticated

    user = make_user(
        "outreach@birmingham.test", agency=world.brum_council, role=Role.OUTREACH_WORKER
    )
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client
