"""Probes (issue 11, point 2): CSRF, stored and reflected XSS, injection, open redirect, mass
assignment, IDOR and spreadsheet exports, on every page and form a user can reach.

The world is the demo (`seed_demo`): two partnerships with every role and a record of every
kind, so that the crawl (waypost.assurance.probes) finds nearly every route with a real
object behind it. It is built once for the module, in a transaction rolled back at the end;
each test's own writes are rolled back after it. The canary walk (test_canaries.py) already
proves that no protected field is read by anyone not entitled to it; these tests add what it
does not cover: writes refused, hostile input kept as text.
"""

import csv
import inspect
import io
import itertools
import logging
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.assurance import probes
from waypost.assurance.canaries import body_of, text_of_bytes
from waypost.assurance.probes import XSS_MARK, Form, Page
from waypost.people.models import Person
from waypost.testing.personas import mark_recently_authenticated, totp_secret_for
from waypost.testing.routes import every_route

# One worker runs the whole module: its crawled world (about a minute) is built once.
pytestmark = pytest.mark.xdist_group("probes")

# The order the crawl goes in: the widest role first, so later ones fetch only what it could
# not reach.
ROLES = (
    Role.COORDINATOR,
    Role.PARTNERSHIP_ADMIN,
    Role.DPO,
    Role.CASEWORKER,
    Role.OUTREACH_WORKER,
    Role.REFERRER,
    Role.PROVIDER,
    Role.COMMISSIONER,
    Role.REGIONAL,
)

# Figures pages that take seconds each (forecasts, analyses, PDFs): crawled once for their
# links and exports, not fetched again with every payload. They show counts, not free text.
SLOW = {
    "reporting:forecast",
    "referrals:analysis",
    "reporting:cohort",
    "reporting:dashboard",
    "cases:meeting_pack",
}


def _is_skipped(path: str) -> bool:
    """allauth's own pages (tested in test_asvs_framework.py) and PDFs (seconds each; the
    person's PDF is read in the stored-XSS test)."""
    name = probes.url_name_of(path) or ""
    return path.startswith("/accounts/") or "pdf" in name or path.endswith(".pdf")


# Forms left out of the stored-XSS submission: they end the sessions, memberships and tokens
# the personas sign in with (allauth's own forms, under /accounts/, are left out too).
NOT_SUBMITTED = {"accounts:membership_end", "accounts:token_revoke", "accounts:staff_sign_out"}


def _submittable(name: str, form: Form) -> bool:
    return name not in NOT_SUBMITTED and not form.action.startswith("/accounts/")


@dataclass
class Persona:
    role: str
    user: User
    client: Client


@dataclass
class Site:
    coventry: dict[str, Persona]
    birmingham: dict[str, Persona]
    pages: dict[str, tuple[str, Page]] = field(default_factory=dict)  # route -> (role, page)
    forms: dict[str, tuple[str, Form]] = field(default_factory=dict)  # route -> (role, form)
    queries: dict[str, tuple[str, str, dict[str, str]]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        return self.coventry[role].client


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is a finding, not a crash
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def _persona(role: str, slug: str) -> Persona:
    user = User.objects.get(email=demo_email(role, slug))
    TOTP.activate(user, totp_secret_for(user))
    return Persona(role, user, _client(user))


def _routes() -> list[tuple[str, str]]:
    return [(route.name, route.pattern) for route in every_route() if route.name]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(WAYPOST_DEMO=True):
            call_command("seed_demo", "--quiet", stdout=StringIO())
        result = Site(
            coventry={role: _persona(role, "coventry") for role in ROLES},
            birmingham={role: _persona(role, "birmingham") for role in ROLES},
        )
        starts = ["/"] + [
            "/" + route
            for _, route in _routes()
            if "<" not in route and "^" not in route and not route.startswith("accounts/")
        ]
        seen: set[str] = set()
        for role in ROLES:
            found = probes.crawl(result.client(role), starts, skip=_is_skipped, seen_routes=seen)
            for name, page in found.pages.items():
                result.pages.setdefault(name, (role, page))
            for (_, name), form in found.forms.items():
                result.forms.setdefault(name, (role, form))
            for name, (path, query) in found.queries.items():
                result.queries.setdefault(name, (role, path, query))
            result.errors.update(found.errors)
        yield result
        transaction.set_rollback(True)


def _fill(route: str) -> str:
    """A route's path with a fresh UUID (or "x") for each parameter."""
    kwargs = {}
    for part in route.split("<")[1:]:
        converter, _, key = part.split(">")[0].rpartition(":")
        kwargs[key] = str(uuid.uuid4()) if converter == "uuid" else "x"
    path = "/" + route
    for key, value in kwargs.items():
        path = re.sub(rf"<[^>]*:?{key}>", value, path)
    return path


# --- The crawl itself ------------------------------------------------------------------------


def test_the_crawl_reaches_pages_and_forms_without_a_server_error(site, db):
    assert not site.errors, f"server errors while crawling: {site.errors}"
    # A positive control: the crawl reaches most of Waypost's own routes, so that "every" means
    # something. The rest (actions offered only in states the demo's first record of each kind
    # is not in, allauth's pages, HSDS) are named here when it falls short.
    ours = {n for n, r in _routes() if not r.startswith(("accounts/", "api/hsds/"))}
    reached = ours & (set(site.pages) | set(site.forms))
    assert len(reached) >= 0.7 * len(ours), f"never reached: {sorted(ours - reached)}"


# --- 1. CSRF ---------------------------------------------------------------------------------

# Public endpoints that act for nobody: a session cookie gives them nothing, so a forged
# request from another site gains nothing either (a public alert, the HSDS open data).
CSRF_NOT_NEEDED = {"api-alerts"}


def _csrf_targets(site: Site) -> dict[str, tuple[str, str, dict[str, list[str]]]]:
    """Every route as (role, path, data): a form's own action and values where the crawl found
    one, else the route with random identifiers (CSRF is checked before the view runs)."""
    targets: dict[str, tuple[str, str, dict[str, list[str]]]] = {}
    for name, route in _routes():
        if name in site.forms:
            role, form = site.forms[name]
            targets[name] = (role, form.action, probes.form_data(form, lambda f: "Probe"))
        elif "^" not in route:
            targets[name] = (Role.COORDINATOR, _fill(route), {})
    return targets


def _csrf_checking_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    client.get("/")  # the CSRF cookie, as a browser would hold it
    return client


def test_every_post_without_or_with_a_wrong_csrf_token_is_refused_and_writes_nothing(site, db):
    clients = {role: _csrf_checking_client(p.user) for role, p in site.coventry.items()}
    before = probes.fingerprint()
    accepted = []
    for name, (role, path, data) in _csrf_targets(site).items():
        client = clients[role]
        for label, token in (("no token", None), ("wrong token", "x" * 64)):
            if path.startswith("/api/"):  # JSON, or the parser refuses it before anything else
                headers = {"X-CSRFToken": token} if token else {}
                response = client.post(path, {}, content_type="application/json", headers=headers)
            else:
                sent = dict(data) | ({"csrfmiddlewaretoken": [token]} if token else {})
                response = client.post(path, sent)
            # 405: the route takes no POST at all, so nothing ran.
            if response.status_code not in (403, 405) and name not in CSRF_NOT_NEEDED:
                accepted.append(f"{name} {path} ({label}): {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert not probes.changed_tables(before, probes.fingerprint())


# --- 3. Reflected XSS and injection ----------------------------------------------------------

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _api_list_queries() -> dict[str, tuple[str, dict[str, str]]]:
    """Each API list endpoint's query parameters, as the OpenAPI schema declares them."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        params = {
            p["name"]: "" for p in operations["get"].get("parameters", []) if p["in"] == "query"
        }
        name = probes.url_name_of(path)
        if params and name:
            found[name] = (path, params)
    return found


def _reflection_targets(site: Site) -> list[tuple[str, str, str, dict[str, str]]]:
    targets = [
        (name, role, path, query)
        for name, (role, path, query) in sorted(site.queries.items())
        if name not in SLOW
    ]
    targets += [
        (name, Role.COORDINATOR, path, query)
        for name, (path, query) in sorted(_api_list_queries().items())
        if name not in site.queries
    ]
    return targets


def _ask(client: Client, path: str, query: dict[str, str]) -> tuple[int, str, str]:
    response = client.get(path, query)
    content_type = response.get("Content-Type", "")
    return response.status_code, probes.text_of_answer(response), content_type


def test_hostile_query_values_are_never_run_nor_read_as_sql(site, db):
    problems = []
    for name, role, path, query in _reflection_targets(site):
        client = site.client(role)

        def ask(value: str, client: Client = client, path: str = path, query: dict = query) -> Any:
            return _ask(client, path, {key: value for key in query})

        innocent_status, innocent, _ = ask(probes.SQL_INNOCENT)
        for value in (probes.STORED_XSS, probes.XSS_PAYLOADS[2], *probes.ODD_PAYLOADS):
            status, text, content_type = ask(value)
            if status >= 500:
                problems.append(f"{name} {path} {value[:30]!r}: {status}")
            if content_type.startswith("text/html"):
                problems += [f"{name} {path}: {where}" for where in probes.run_payloads(text)]
        for value in probes.SQL_PAYLOADS:
            status, text, _ = ask(value)
            extra = set(UUID.findall(text)) - set(UUID.findall(innocent))
            if status >= 500 or (status == innocent_status == 200 and extra):
                problems.append(f"{name} {path} {value!r}: {status}, {len(extra)} more records")
    assert not problems, "\n".join(problems)
    # A positive control: search pages and API lists are among them.
    names = {name for name, *_ in _reflection_targets(site)}
    assert {"people:list", "api-people"} <= names, names


# --- 4. Open redirect ------------------------------------------------------------------------

_PARAMETERS = "|".join(probes.REDIRECT_PARAMETERS)
_READS = re.compile(rf"""(?:GET|POST|data|query_params)(?:\.get\(|\[)\s*["']({_PARAMETERS})["']""")


def _reads_a_redirect_parameter(name: str) -> bool:
    """Whether the route's view module reads `next`, `back`, `from`... from the request."""
    for pattern_name, callback in _callbacks():
        if pattern_name == name:
            module = inspect.getmodule(inspect.unwrap(callback))
            try:
                return bool(_READS.search(inspect.getsource(module)))
            except (TypeError, OSError):
                return False
    return False


def _callbacks() -> Iterator[tuple[str, Any]]:
    return ((route.name, route.callback) for route in every_route() if route.name)


# allauth's pages that take `next` (sign-in itself is test_3_7_2 in test_asvs_framework.py).
ALLAUTH_NEXT = ("account_logout", "account_reauthenticate", "mfa_reauthenticate")


def test_no_page_or_form_sends_anyone_to_another_site(site, db):
    readers = {
        name
        for name, _ in _routes()
        if not name.startswith("api") and _reads_a_redirect_parameter(name)
    }
    problems = []

    def check(label: str, response: Any) -> None:
        location = response.get("Location", "")
        if response.status_code in (301, 302, 303, 307, 308) and probes.is_off_site(location):
            problems.append(f"{label}: redirected to {location}")
        if response.get("Content-Type", "").startswith("text/html"):
            problems.extend(
                f"{label}: {link}"
                for link in probes.off_site_links(probes.text_of_answer(response))
            )

    for value in probes.REDIRECT_PAYLOADS:
        hostile = {key: value for key in probes.REDIRECT_PARAMETERS}
        for name in sorted(readers):
            if name in site.pages:
                role, page = site.pages[name]
                check(f"GET {name} {value}", site.client(role).get(page.path, hostile))
            if name in site.forms and _submittable(name, site.forms[name][1]):
                role, form = site.forms[name]
                data = probes.form_data(form, lambda f: probes.INNOCENT) | hostile
                check(f"POST {name} {value}", site.client(role).post(form.action, data))
        persona = site.coventry[Role.CASEWORKER]
        for name in ALLAUTH_NEXT:
            check(f"GET {name} {value}", persona.client.get(reverse(name), {"next": value}))
        response = persona.client.post(reverse("account_logout"), {"next": value})
        check(f"POST account_logout {value}", response)
        persona.client.force_login(persona.user)
        mark_recently_authenticated(persona.client, persona.user)
    assert not problems, "\n".join(problems)
    assert len(readers) >= 5, readers  # a positive control: the scan finds the readers


# --- 6. IDOR: another partnership's objects, read and written --------------------------------

# Pages about things the public may see anyway (a service in the directory), or that are the
# user's own whoever made the link (a notification marks read only one's own: 404 otherwise).
OPEN_TO_ALL = {
    "directory:service",
    "directory:toolkit_audience",
    "services:service",  # the public directory
    "reporting:region_note",  # practice notes are shared across a region; both are West Midlands
}


def _has_uuid(path: str) -> bool:
    return bool(UUID.search(path.split("?")[0]))


def test_another_partnership_cannot_read_or_write_any_record_by_its_address(site, db, caplog):
    """Refused, and each refused read leaves one line on the security log (ASVS 16.3.2, G8)."""
    caplog.set_level(logging.INFO, logger="waypost.security")
    problems = []
    for name, (role, page) in sorted(site.pages.items()):
        if not _has_uuid(page.path) or name in OPEN_TO_ALL:
            continue
        caplog.clear()
        response = site.birmingham[role].client.get(page.path)
        if response.status_code not in (403, 404):
            problems.append(f"GET {name} {page.path}: {response.status_code}")
        refused = [r for r in caplog.records if r.name == "waypost.security"]
        if len(refused) != 1:
            problems.append(f"GET {name}: {len(refused)} refusals logged, not 1")
    before = probes.fingerprint()
    for name, (role, form) in sorted(site.forms.items()):
        if not _has_uuid(form.action) or name in OPEN_TO_ALL:
            continue
        data = probes.form_data(form, lambda f: probes.INNOCENT)
        response = site.birmingham[role].client.post(form.action, data)
        if response.status_code not in (403, 404):
            problems.append(f"POST {name} {form.action}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert not probes.changed_tables(before, probes.fingerprint())


# --- 2 and 5. Stored XSS and mass assignment: every form submitted once ----------------------
# The submission changes the world for the rest of the module (an alert forwarded to another
# partnership is theirs to read): the probes that read it come after those that must not.


@dataclass
class Targets:
    """Records of another partnership: what a Coventry user's hostile extra fields name."""

    partnership: Partnership
    agency: Agency
    user: User
    person: Person

    def extras(self) -> dict[str, str]:
        """Fields no form offers, named like the model fields that must not be settable."""
        when = "2000-01-01T00:00:00"
        return {
            "agency": str(self.agency.pk),
            "agency_id": str(self.agency.pk),
            "recorded_by_agency": str(self.agency.pk),
            "owner_agency": str(self.agency.pk),
            "partnership": self.partnership.slug,
            "partnership_id": str(self.partnership.pk),
            "created_by": str(self.user.pk),
            "recorded_by": str(self.user.pk),
            "owner": str(self.user.pk),
            "lead_worker": str(self.user.pk),
            "user": str(self.user.pk),
            "is_staff": "on",
            "is_superuser": "on",
            "id": str(self.person.pk),
            "pk": str(self.person.pk),
            "person": str(self.person.pk),
            "merged_into": str(self.person.pk),
            "restricted_at": when,
            "anonymised_at": when,
            "created_at": when,
        }


def _targets() -> Targets:
    """A partnership of its own, in no region or alert area, that nothing routes to: any row
    pointing at it came from a field a form does not offer."""
    from waypost.testing.people import make_person
    from waypost.testing.personas import make_user

    partnership, _ = Partnership.objects.get_or_create(
        slug="elsewhere", defaults={"name": "Elsewhere", "region": "Nowhere"}
    )
    agency = Agency.objects.filter(partnership=partnership).first() or Agency.objects.create(
        partnership=partnership, name="Elsewhere Housing Options", type=AgencyType.HOUSING_OPTIONS
    )
    # No membership: messages sent to every member of a role (an alert no area covers goes to
    # every coordinator) must not reach it by their own rules.
    user = User.objects.filter(email="someone@elsewhere.test").first() or make_user(
        "someone@elsewhere.test"
    )
    person = Person.objects.filter(partnership=partnership).first() or make_person(agency)
    return Targets(partnership=partnership, agency=agency, user=user, person=person)


def _references(targets: Targets) -> dict[str, int]:
    """For every column that can point at one of the targets, how many rows do; and how many
    rows hold the year-2000 moment the extra fields send."""
    pointed = {
        Agency: targets.agency.pk,
        Partnership: targets.partnership.pk,
        User: targets.user.pk,
        Person: targets.person.pk,
    }
    counts = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model in pointed:
                key = f"{model._meta.label}.{f.name}"
                counts[key] = model._base_manager.filter(
                    **{f.attname: pointed[f.related_model]}
                ).count()
            elif isinstance(f, models.DateTimeField):
                counts[f"{model._meta.label}.{f.name} in 2000"] = model._base_manager.filter(
                    **{f"{f.name}__year": 2000}
                ).count()
    counts["staff or superusers"] = User.objects.filter(
        models.Q(is_staff=True) | models.Q(is_superuser=True)
    ).count()
    return counts


def _target_rows(targets: Targets) -> list[Any]:
    return [
        list(type(obj)._base_manager.filter(pk=obj.pk).values())
        for obj in (targets.partnership, targets.agency, targets.user, targets.person)
    ]


@dataclass
class Submitted:
    outcomes: dict[str, str]  # route -> "saved", or the status of the last try
    run: list[str]  # payloads a browser would run, in the answers to the submissions
    references_before: dict[str, int]
    references_after: dict[str, int]
    targets_before: list[Any]
    targets_after: list[Any]
    landed: dict[str, tuple[str, str]]  # route -> (role, page it redirected to)
    server_errors: list[str] = field(default_factory=list)


def _hostile_text(counter: Iterator[int]) -> Any:
    """Free text for one field: a formula start (cycling through =, +, -, @) then the XSS
    payload, so one submission plants both."""
    starts = probes.FORMULA_PAYLOADS[:4]

    def text(f: probes.Field) -> str:
        return starts[next(counter) % len(starts)] + probes.STORED_XSS

    return text


def submit_every_form(site: Site) -> Submitted:
    """Each form once, as the user who found it: hostile free text and hostile extra fields."""
    targets = _targets()
    references_before, targets_before = _references(targets), _target_rows(targets)
    text = _hostile_text(itertools.count())
    outcomes, run, landed, server_errors = {}, [], {}, []
    for name, (role, form) in sorted(site.forms.items()):
        if not _submittable(name, form):
            continue
        client = site.client(role)
        offered = {f.name for f in form.fields}
        extras = {k: [v] for k, v in targets.extras().items() if k not in offered}
        done = probes.submit(client, form, text, extras)
        server_errors += [f"{name}: {status}" for status in done.statuses if status >= 500]
        for answer in done.answers:
            run += [f"{name} answer: {where}" for where in probes.run_payloads(answer)]
        assert "_auth_user_id" in client.session, f"{name} signs its user out: leave it out"
        status = done.response.status_code
        outcomes[name] = ("saved" if status in (302, 303) else str(status)) + (
            " without the extra fields" if done.extras_refused else ""
        )
        if status in (302, 303) and done.response.url.startswith("/"):
            landed[name] = (role, done.response.url)
    return Submitted(
        outcomes,
        run,
        references_before,
        _references(targets),
        targets_before,
        _target_rows(targets),
        landed,
        server_errors,
    )


@pytest.fixture(scope="module")
def submitted(site, django_db_blocker) -> Submitted:
    with django_db_blocker.unblock():
        return submit_every_form(site)


def test_free_text_typed_into_every_form_is_never_run_on_any_page(site, submitted, db):
    saved = [name for name, outcome in submitted.outcomes.items() if outcome.startswith("saved")]
    run = list(submitted.run)
    shown = 0
    pages = [(role, page.path) for name, (role, page) in site.pages.items() if name not in SLOW]
    pages += list(submitted.landed.values())
    for role, path in pages:
        response = site.client(role).get(path)
        text = probes.text_of_answer(response)
        content_type = response.get("Content-Type", "")
        if XSS_MARK not in text:
            continue
        shown += 1
        if content_type.startswith("text/html"):
            run += [f"{path}: {where}" for where in probes.run_payloads(text)]
        elif not content_type.startswith(probes.TEXT_NEVER_RUN):
            run.append(f"{path}: the payload served as {content_type}")
    assert not run, "\n".join(run)
    # Positive controls: most forms took the payload, and pages show it (as text).
    assert len(saved) >= 0.6 * len(submitted.outcomes), submitted.outcomes
    assert shown >= 20, shown


def test_the_person_pdf_prints_the_payload_as_text(site, submitted, db):
    role, form = site.forms["people:add_note"]
    person_id = probes.kwargs_of(form.action)["person_id"]
    # The submission may have restricted this record too (sharing:restriction), and a
    # restricted record is never printed: lift it for this check.
    Person.objects.filter(pk=person_id).update(restricted_at=None)
    response = site.client(role).get(reverse("people:pdf", args=[person_id]))
    assert response.status_code == 200
    text = text_of_bytes(body_of(response))
    assert "<script>window." + XSS_MARK in text.replace("\n", "")


def test_extra_fields_named_like_protected_model_fields_are_ignored(submitted, db):
    # Refused is fine (a view may read one of the names as a choice it checks); a server
    # error is not.
    assert not submitted.server_errors, submitted.server_errors
    changed = {
        key: (before, submitted.references_after.get(key))
        for key, before in submitted.references_before.items()
        if submitted.references_after.get(key) != before
    }
    assert not changed, f"a form took a field it does not offer: {changed}"
    assert submitted.targets_after == submitted.targets_before


# --- 7. Exports ------------------------------------------------------------------------------

SPREADSHEETS = ("text/csv", "application/zip", "application/vnd.openxmlformats")


def _exports(site: Site, submitted: Submitted) -> list[tuple[str, str, str]]:
    """Every spreadsheet the crawl found, and those the submission made possible (a monthly
    return is exported only once signed off): linked from the pages the forms led to."""
    found = {
        name: (role, page.path)
        for name, (role, page) in site.pages.items()
        if page.content_type.startswith(SPREADSHEETS)
    }
    for role, landed in submitted.landed.values():
        html = probes.text_of_answer(site.client(role).get(landed))
        for link in probes.links_in(html):
            name = probes.url_name_of(link)
            download = link.split("?")[0].endswith((".csv", ".xlsx", ".zip")) or any(
                word in (name or "") for word in ("csv", "xlsx", "export")
            )
            if download and name not in site.pages and name not in found:
                response = site.client(role).get(link)
                if response.get("Content-Type", "").startswith(SPREADSHEETS):
                    found[name] = (role, link)
    return [(name, role, path) for name, (role, path) in sorted(found.items())]


def _cells(data: bytes) -> Iterator[tuple[str, Any, str]]:
    """(where, value, data type) of every cell of a CSV, an XLSX or the CSVs in a ZIP."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                yield from _xlsx_cells(data)
                return
            for member in archive.namelist():
                if member.endswith(".csv"):
                    for where, value, kind in _cells(archive.read(member)):
                        yield f"{member} {where}", value, kind
        return
    for r, row in enumerate(csv.reader(io.StringIO(data.decode("utf-8-sig")))):
        for c, value in enumerate(row):
            yield f"row {r + 1} column {c + 1}", value, "s"


def _xlsx_cells(data: bytes) -> Iterator[tuple[str, Any, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type


def _runs_as_formula(value: Any, kind: str) -> bool:
    if kind == "f":
        return True
    if not isinstance(value, str) or not value:
        return False
    if value[0] == "-":  # a negative number is a number; "-1+1" is a formula
        return not re.fullmatch(r"-\d+(\.\d+)?%?", value)
    return value[0] in "=+@\t\r\0"


def _hidden_parts(data: bytes) -> list[str]:
    """What an XLSX could hide from the person opening it: hidden sheets, rows or columns,
    comments, defined names, document properties beyond the writer's name, custom ones."""
    from openpyxl import load_workbook

    found = []
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            found.append(f"sheet {sheet.title} is {sheet.sheet_state}")
        found += [
            f"{sheet.title} row {n} hidden" for n, d in sheet.row_dimensions.items() if d.hidden
        ]
        found += [
            f"{sheet.title} column {n} hidden"
            for n, d in sheet.column_dimensions.items()
            if d.hidden
        ]
        found += [
            f"{sheet.title}!{cell.coordinate} comment"
            for row in sheet.iter_rows()
            for cell in row
            if cell.comment is not None
        ]
    found += [f"defined name {name}" for name in workbook.defined_names]
    props = workbook.properties
    for attribute in ("title", "subject", "description", "keywords", "category", "lastModifiedBy"):
        if getattr(props, attribute):
            found.append(f"document property {attribute}: {getattr(props, attribute)!r}")
    if props.creator not in (None, "", "openpyxl"):
        found.append(f"document property creator: {props.creator!r}")
    if len(workbook.custom_doc_props.props):
        found.append("custom document properties")
    return found


def _plant_formulas(site: Site) -> None:
    """Every formula start in the names exports print: the partnership's, each agency's and
    each person's (typed by people; forms strip a leading tab, so set directly). Not NUL:
    PostgreSQL stores none and forms refuse it (lib/csv_safety.py's own tests cover it)."""
    payloads = [p for p in probes.FORMULA_PAYLOADS if not p.startswith("\0")]
    coventry = Partnership.objects.get(slug="coventry")
    Partnership.objects.filter(pk=coventry.pk).update(name=payloads[-1] + "Coventry")
    for n, agency in enumerate(Agency.objects.filter(partnership=coventry).order_by("pk")):
        Agency.objects.filter(pk=agency.pk).update(name=payloads[n % len(payloads)] + agency.name)
    for n, person in enumerate(Person.objects.filter(partnership=coventry).order_by("pk")):
        Person.objects.filter(pk=person.pk).update(
            given_name=payloads[n % len(payloads)] + person.given_name,
            family_name=payloads[(n + 3) % len(payloads)] + person.family_name,
        )


def test_every_export_keeps_formula_text_as_text_and_hides_nothing(site, submitted, db):
    _plant_formulas(site)
    exports = _exports(site, submitted)
    formulas, hidden, carried = [], [], []
    for name, role, path in exports:
        response = site.client(role).get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        data = body_of(response)
        for where, value, kind in _cells(data):
            if _runs_as_formula(value, kind):
                formulas.append(f"{name} {where}: {value!r}")
            if isinstance(value, str) and (
                XSS_MARK in value or value.lstrip("'").startswith(probes.FORMULA_PAYLOADS)
            ):
                carried.append(name)
        if b"xl/workbook.xml" in data[:4096] or path.endswith(".xlsx"):
            hidden += [f"{name}: {part}" for part in _hidden_parts(data)]
    assert not formulas, "\n".join(formulas)
    assert not hidden, "\n".join(hidden)
    # Positive controls: the exports were found, and the planted text reached some of them.
    names = {name for name, _, _ in exports}
    assert {"reporting:dashboard_xlsx", "reporting:return_xlsx", "outreach:list_export"} <= names
    assert len(set(carried)) >= 3, (carried, names)


def test_a_control_character_in_a_name_never_breaks_an_xlsx_export(site, db):
    # Found by these probes: openpyxl refuses control characters (a 500), and a line break
    # pasted from Word is a vertical tab.
    Partnership.objects.filter(slug="coventry").update(name="Coventry\x0bCity")
    role, page = site.pages["reporting:dashboard_xlsx"]
    assert site.client(role).get(page.path).status_code == 200
