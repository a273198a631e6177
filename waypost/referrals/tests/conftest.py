import pytest
from django.core.cache import cache

from waypost.referrals.actions import set_alert_area


def _uses_database(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    """Rate-limit counts live in the cache (a database table): each test starts with none.
    Tests that never touch the database have no cache to clear."""
    if not _uses_database(request):
        yield
        return
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if transactional else "db")
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
