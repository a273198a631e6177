"""Shared fixtures: a small world of two partnerships and one logged-in client per role.

Every persona signs in with a TOTP second factor, as real staff must.
"""

from datetime import date

import pytest
from django.db import transaction
from django.test import Client

from waypost.accounts.models import Role, User
from waypost.testing.personas import (
    ROLE_HOMES,
    World,
    make_user,
    make_world,
    mark_recently_authenticated,
)

pytest_plugins = ["waypost.testing.browser"]


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test (a browser test's live server) ends by emptying every table, the
    rows data migrations wrote included: Waypost's service categories and the bank holidays
    are put back before each such test."""
    names = request.fixturenames
    if "transactional_db" not in names and "live_server" not in names:
        return
    request.getfixturevalue("transactional_db")
    _put_back_reference_data()


def _put_back_reference_data() -> None:
    """The rows `sync_waypost_taxonomies` and `seed_bank_holidays` write, written in bulk when
    their tables are empty (as after a flush: a few queries instead of a few hundred), else by
    those functions themselves."""
    from django.apps import apps

    from waypost.directory.bank_holidays import ENGLAND_AND_WALES, seed_bank_holidays
    from waypost.directory.models import BankHoliday, Taxonomy, TaxonomyTerm
    from waypost.directory.terms import TAXONOMIES, sync_waypost_taxonomies, taxonomy_id, term_id

    if Taxonomy.objects.exists() or TaxonomyTerm.objects.exists():
        sync_waypost_taxonomies()
    else:
        taxonomies, terms = [], []
        for code, (name, description, entries) in TAXONOMIES.items():
            taxonomy = Taxonomy(
                id=taxonomy_id(code), name=name, description=description, uri="", version="1"
            )
            taxonomies.append(taxonomy)
            terms += [
                TaxonomyTerm(
                    id=term_id(term.code),
                    taxonomy=taxonomy,
                    taxonomy_name=name,
                    code=term.code,
                    name=term.name,
                    description=term.description,
                    parent_id=term_id(term.parent) if term.parent else None,
                    language="en",
                    position=position,
                )
                for position, term in enumerate(entries)
            ]
        with transaction.atomic():  # a term's parent may come after it: checked at commit
            Taxonomy.objects.bulk_create(taxonomies)
            TaxonomyTerm.objects.bulk_create(terms)
    if BankHoliday.objects.exists():
        seed_bank_holidays(apps)
    else:
        BankHoliday.objects.bulk_create(
            BankHoliday(date=date.fromisoformat(day), name=name) for day, name in ENGLAND_AND_WALES
        )


# --- A faster flush on PostgreSQL ------------------------------------------------------------
# After each transactional test (every browser test), Django empties all ~150 tables with one
# TRUNCATE. PostgreSQL truncates a table by giving it new files, which costs about 20-40 ms a
# table whether it holds rows or not: seconds a test. DELETE on a table that is (nearly) empty
# costs next to nothing, and the foreign keys, which Django makes DEFERRABLE INITIALLY
# DEFERRED, are checked once at the end, so the order does not matter. Tables with triggers
# of their own (the append-only logs and ledger refuse DELETE) are truncated as before, and
# only when they hold rows. If anything goes wrong, the original TRUNCATE runs instead: the
# tables end up just as empty either way.


def _fast_postgresql_flush(original):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if reset_sequences or not tables:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal"
            )
            triggered = {row[0] for row in cursor.fetchall()}
        quote = self.quote_name
        body = [
            f"IF EXISTS (SELECT 1 FROM {quote(table)}) THEN TRUNCATE {quote(table)} CASCADE;"
            " END IF;"
            for table in tables
            if table in triggered
        ]
        body += [f"DELETE FROM {quote(table)};" for table in tables if table not in triggered]
        body.append("SET CONSTRAINTS ALL IMMEDIATE;")
        truncate = " ".join(statements)
        return [
            "DO $waypost_flush$ BEGIN BEGIN "
            + " ".join(body)
            + f" EXCEPTION WHEN others THEN {truncate} END; END $waypost_flush$;"
        ]

    sql_flush.original = original
    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _fast_flush():
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = _fast_postgresql_flush(original)
    yield
    DatabaseOperations.sql_flush = original


def _persona(world: World, role: str) -> User:
    agency = getattr(world, ROLE_HOMES[role])
    return make_user(f"{role.replace('_', '.')}@coventry.test", agency=agency, role=role)


@pytest.fixture
def admin_user(world):
    """Partnership admin at Coventry Housing Options: invites staff and manages memberships."""
    return _persona(world, Role.PARTNERSHIP_ADMIN)


@pytest.fixture
def coordinator_user(world):
    """Rough sleeper coordinator at Coventry Housing Options."""
    return _persona(world, Role.COORDINATOR)


@pytest.fixture
def caseworker_user(world):
    """Caseworker at Coventry Housing Options."""
    return _persona(world, Role.CASEWORKER)


@pytest.fixture
def outreach_user(world):
    """Outreach worker at Coventry Outreach, often on a phone at night."""
    return _persona(world, Role.OUTREACH_WORKER)


@pytest.fixture
def referrer_user(world):
    """Discharge nurse at University Hospital Coventry who sends referrals."""
    return _persona(world, Role.REFERRER)


@pytest.fixture
def commissioner_user(world):
    """Commissioner: aggregate figures only, never personal data."""
    return _persona(world, Role.COMMISSIONER)


@pytest.fixture
def dpo_user(world):
    """Data protection officer at Coventry Housing Options."""
    return _persona(world, Role.DPO)


@pytest.fixture
def provider_user(world):
    """Accommodation provider at Coventry Night Shelter: keeps its own beds' vacancies."""
    return _persona(world, Role.PROVIDER)


@pytest.fixture
def birmingham_admin_user(world):
    """Partnership admin in the other partnership (Birmingham)."""
    return make_user(
        "admin@birmingham.test", agency=world.brum_council, role=Role.PARTNERSHIP_ADMIN
    )


def _client_for(user: User) -> Client:
    """A client signed in as `user` just now, with password and TOTP (as allauth records it)."""
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.fixture
def admin_client(admin_user):  # noqa: F811  (shadows pytest-django's superuser admin_client)
    return _client_for(admin_user)


@pytest.fixture
def coordinator_client(coordinator_user):
    return _client_for(coordinator_user)


@pytest.fixture
def caseworker_client(caseworker_user):
    return _client_for(caseworker_user)


@pytest.fixture
def outreach_client(outreach_user):
    return _client_for(outreach_user)


@pytest.fixture
def referrer_client(referrer_user):
    return _client_for(referrer_user)


@pytest.fixture
def commissioner_client(commissioner_user):
    return _client_for(commissioner_user)


@pytest.fixture
def dpo_client(dpo_user):
    return _client_for(dpo_user)


@pytest.fixture
def provider_client(provider_user):
    return _client_for(provider_user)


@pytest.fixture
def regional_user(world):
    """Combined authority officer: sees the region's partnerships side by side, figures only."""
    return _persona(world, Role.REGIONAL)


@pytest.fixture
def regional_client(regional_user):
    return _client_for(regional_user)


@pytest.fixture
def birmingham_admin_client(birmingham_admin_user):
    return _client_for(birmingham_admin_user)
