"""Every operation in Waypost's OpenAPI schema, attacked with generated requests (schemathesis)
by an anonymous caller and by a user of each role: no request gets a server error, every answer
(status, content type, body) is one the schema documents, and anonymous callers are refused
everything but the public operations."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, note, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from waypost.accounts.models import Role
from waypost.assurance.api_world import make_api_world

ANONYMOUS = "anonymous"
CALLERS = [ANONYMOUS, *Role.values]
# The operations anyone may call without a token (both limited per address).
PUBLIC = {"POST /api/v1/alerts/", "GET /api/v1/housing/capacity/"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The schema as Waypost serves it at /api/schema/, fetched in-process through WSGI. Serving it
# reads nothing from the database, so it can be loaded when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


@pytest.fixture
def in_process_requests(db):
    """WSGI requests inside the test's transaction. Django closes the database connection when
    a request finishes, which would end the transaction; its test client stops that the same
    way. Rate-limit counts (in the cache table) start empty."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=CALLERS)
def caller(request):
    """Who calls: nobody signed in, or a Coventry user of one role with an API token."""
    return request.param


@pytest.fixture
def api_world(world):
    return make_api_world(world)


def _operation(case):
    return f"{case.operation.method.upper()} {case.operation.path}"


def _is_well_formed(case):
    """A request the schema allows (not a deliberately malformed one, nor an undocumented
    method): only for these may an anonymous caller expect to be asked who they are."""
    is_positive = case.meta is None or case.meta.generation.mode.is_positive
    return is_positive and case.method.upper() == case.operation.method.upper()


def _with_known_records(case, known):
    """The case again with each path or query value that names a record replaced by one that
    exists, or None when it names none."""
    path = {k: known[k] for k in case.path_parameters or {} if k in known}
    query = {k: known[k] for k in case.query or {} if k in known}
    if not path and not query:
        return None
    case.path_parameters = {**(case.path_parameters or {}), **path}
    case.query = {**(case.query or {}), **query}
    return case


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_only_as_documented(case, caller, api_world, in_process_requests):
    if caller == ANONYMOUS:
        headers = {}
        # No credentials at all, not even ones generated from the security schemes.
        case.headers = {k: v for k, v in (case.headers or {}).items() if k != "Authorization"}
        case.cookies = {}
    else:
        headers = {"Authorization": f"Token {api_world.tokens[caller]}"}
    for variant in ("as generated", "naming existing records"):
        if variant != "as generated" and _with_known_records(case, api_world.known) is None:
            break
        note(f"{caller}, {variant}")
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if caller == ANONYMOUS and _operation(case) not in PUBLIC:
            # Malformed URLs may be 404 and undocumented methods 405 before anyone is asked
            # to sign in; nothing may succeed.
            assert not 200 <= response.status_code < 300, response.text
            if _is_well_formed(case):
                assert response.status_code in (401, 403), response.text


def test_the_schema_makes_public_only_the_public_operations():
    anonymous_allowed = {
        f"{operation.method.upper()} {operation.path}"
        for operation in (result.ok() for result in schema.get_all_operations())
        if {} in operation.definition.raw.get("security", [])
    }
    assert anonymous_allowed == PUBLIC
