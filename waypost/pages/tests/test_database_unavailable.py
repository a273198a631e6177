"""The database going away in the middle of a request: the user gets a clear page (503, try
again in a few minutes), nothing half-written is left behind, and the next request works.

The fault is real, on PostgreSQL: the request's own server process is ended
(pg_terminate_backend) just as the new person's identifiers are being inserted, after the
person row itself."""

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from waypost.audit.models import AccessEvent
from waypost.pages.views import server_error
from waypost.people.models import Identifier, MatchKey, Person
from waypost.testing.people import NEW_PERSON_FORM
from waypost.testing.personas import mark_recently_authenticated

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

FORM = {**NEW_PERSON_FORM, "nhs_number": "943 476 5919", "confirmed": "1"}


def _terminate(pid: int) -> None:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
        password=db["PASSWORD"] or None, autocommit=True,
    ) as other:  # fmt: skip
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _kill_the_connection_at(table: str):
    """An execute wrapper that ends this connection's server process just before the first
    INSERT into `table`, then lets the statement run (and fail) as it would."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            _terminate(connection.connection.info.backend_pid)
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.skipif(not ON_POSTGRESQL, reason="ends a PostgreSQL server process")
@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_while_saving_leaves_nothing_half_written(caseworker_user):
    client = Client(raise_request_exception=False)
    client.force_login(caseworker_user)
    mark_recently_authenticated(client, caseworker_user)
    people_before = Person.objects.count()

    with connection.execute_wrapper(_kill_the_connection_at(Identifier._meta.db_table)):
        response = client.post("/people/new/", FORM)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Waypost could not reach its database" in page
    assert "Ashdown" not in page and "9434765919" not in page
    # The person row had been inserted; the transaction it was in never committed.
    connection.close()
    assert Person.objects.count() == people_before
    assert not Person.objects.filter(family_name="Ashdown").exists()
    assert not Identifier.objects.filter(value="9434765919").exists()
    assert not MatchKey.objects.filter(value="i:9434765919").exists()
    # The next request reconnects and works, and the user can save the person after all.
    response = client.post("/people/new/", FORM)
    assert response.status_code == 302
    person = Person.objects.get(family_name="Ashdown")
    assert Identifier.objects.filter(person=person, value="9434765919").exists()
    assert client.get(response.url).status_code == 200
    assert AccessEvent.objects.filter(person_id=person.pk).exists()


def test_an_unreachable_database_gets_the_unavailable_page_not_the_generic_one():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_any_other_error_gets_the_generic_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert not response.has_header("Retry-After")
