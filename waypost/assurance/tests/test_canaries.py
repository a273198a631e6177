"""Canaries (issue 11, point 3): a marker in every field the access policy protects, then every
page, export, PDF, search and API endpoint that could show it, requested as every kind of user
who may not see it. No marker may reach them, nor any email, notification, log line or task
argument. A positive control proves the markers are planted and shown to the entitled user."""

import json
import logging
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from waypost.accounts.models import Agency, AgencyType, Role
from waypost.assurance.canaries import (
    SEALED,
    STAFF_WARNING,
    Marker,
    Planter,
    found,
    plant_person,
    plant_records,
    text_of,
)
from waypost.audit.models import Section
from waypost.notifications.models import Notification, OutboxMessage
from waypost.sharing.actions import restrict_processing
from waypost.sharing.policy import ALL
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated
from waypost.testing.routes import every_route

# The consent names these sections and agencies only: health, immigration and general notes
# stay with the council that recorded them.
CONSENTED = ALL - {Section.HEALTH, Section.IMMIGRATION, Section.NOTES}

# Files: a safe address is never printed or exported, even for the agency that holds it.
FILE_TYPES = ("application/pdf", "text/csv", "application/zip", "application/vnd.openxml")


# Apps and pages that read nothing about people (the service directory, giving, severe weather
# status, strategy, static pages, the API schema): left out to keep the walk quick.
APPS_WITHOUT_PEOPLE = {"pages", "directory", "services", "giving", "weather", "strategy"}
WITHOUT_PEOPLE = {"api-schema", "api-docs"}


@dataclass
class Persona:
    name: str
    client: Client
    may_see: frozenset[str]  # rules (sections, SEALED, STAFF_WARNING) this user may see


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        mark_recently_authenticated(client, user)
    return client


def _paths(ids: dict[str, Any]) -> list[tuple[str, str]]:
    """Every named route of ours as a path, parameters filled from `ids`; routes with a
    parameter naming nothing we planted are left out (they can only answer 404)."""
    paths = []
    for name, route in ((r.name, r.pattern) for r in every_route()):
        if name is None or route.startswith("accounts/") or name in WITHOUT_PEOPLE:
            continue
        if name.split(":")[0] in APPS_WITHOUT_PEOPLE or name.startswith("hsds"):
            continue
        kwargs = {}
        for part in route.split("<")[1:]:
            key = part.split(">")[0].rpartition(":")[2]
            kwargs[key] = ids.get(key)
        if None in kwargs.values():
            continue
        paths.append((name, reverse(name, kwargs=kwargs)))
    return paths


@pytest.fixture
def canaries(world, caplog) -> dict[str, Any]:
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "axes"):  # quieter in settings; here, hear everything
        caplog.set_level(logging.DEBUG, logger=name)
    from waypost.cases.tests.test_enforcement_helpers import offer_support, on_list

    police = Agency.objects.create(
        partnership=world.coventry, name="Coventry Police", type=AgencyType.POLICE
    )
    caseworker = make_user("cw@council.test", agency=world.council, role=Role.CASEWORKER)
    sign_agreement_for(world.council, world.outreach, world.hospital, world.shelter)

    plant = Planter()
    person = plant_person(world.council, caseworker, plant)
    give_consent(
        person,
        caseworker,
        world.council,
        sections=CONSENTED,
        agencies=[world.outreach, world.hospital],
    )
    on_list(person, world.outreach)
    contact = offer_support(person, world.council, notes=plant(Section.CONTACT, "street contact"))
    records = plant_records(person, by=caseworker, agency=world.council, plant=plant)

    # Restriction of processing: kept, but in no search, list, export or report, for anyone.
    hidden = Planter()
    restricted = plant_person(world.council, caseworker, hidden)
    give_consent(restricted, caseworker, world.council)
    restrict_processing(restricted, reason="Accuracy contested", by=caseworker)

    other = make_person(world.council, given_name="Sam", family_name="Other")
    member = {
        role: make_user(f"{role}@council.test", agency=world.council, role=role)
        for role in (Role.COMMISSIONER, Role.DPO, Role.PARTNERSHIP_ADMIN)
    }
    warning_only = frozenset({STAFF_WARNING})
    personas = [
        Persona(
            "outreach worker (consent without health, immigration, notes; role without offending)",
            _client(
                make_user("ow@outreach.test", agency=world.outreach, role=Role.OUTREACH_WORKER)
            ),
            frozenset(CONSENTED - {Section.OFFENDING}) | warning_only,
        ),
        Persona(
            "hospital referrer (role: identity, contact, safeguarding)",
            _client(make_user("ref@hospital.test", agency=world.hospital, role=Role.REFERRER)),
            frozenset({Section.IDENTITY, Section.CONTACT, Section.SAFEGUARDING}) | warning_only,
        ),
        Persona(
            "shelter provider (signed, not named in the consent)",
            _client(make_user("pr@shelter.test", agency=world.shelter, role=Role.PROVIDER)),
            warning_only,
        ),
        Persona(
            "police caseworker (no sharing agreement)",
            _client(make_user("pc@police.test", agency=police, role=Role.CASEWORKER)),
            frozenset(),
        ),
        Persona(
            "Birmingham caseworker (another partnership)",
            _client(make_user("cw@brum.test", agency=world.brum_council, role=Role.CASEWORKER)),
            frozenset(),
        ),
        *(
            Persona(f"{role} at the recording agency", _client(user), frozenset())
            for role, user in member.items()
        ),
        Persona("anonymous visitor", _client(), frozenset()),
    ]
    ids = {
        "person_id": person.pk,
        "first": person.pk,
        "second": other.pk,
        "assessment_id": records["assessment"].pk,
        "warning_id": records["warning"].pk,
        "care_of_id": records["care_of"].pk,
        "contact_id": contact.pk,
        "partnership_id": world.coventry.pk,
        "part": "identity",
        "slug": world.coventry.slug,
    }
    return {
        "markers": plant.markers,
        "hidden": hidden.markers,
        "person": person,
        "restricted": restricted,
        "other": other,
        "caseworker": _client(caseworker),
        "dpo": member[Role.DPO],
        "personas": personas,
        "paths": _paths(ids),
    }


# A request: what to call it, the path, and the markers it types in (a page may echo what the
# user typed, in the search box or a sign-in link's `next`: that is not a leak, so those
# markers are not looked for in its answer; every other marker still is).
Request = tuple[str, str, frozenset[Marker]]


def _searches(markers: list[Marker]) -> list[Request]:
    """A search for each identity marker, on the page and the API. Each finds the person by
    one marker, so a result shows the other identity markers: together they cover them all."""
    return [
        (f"search {where} by {marker.field}", f"{path}?q={marker.value}", frozenset({marker}))
        for marker in markers
        if marker.rule == Section.IDENTITY
        for where, path in (("page", "/people/"), ("API", "/api/v1/people/"))
    ]


def _match(client: Client, markers: list[Marker]) -> tuple[str, frozenset[Marker]]:
    """The answer to "is this person already known?" by the markers' given and family names,
    and those two markers (the explanation repeats what was asked)."""
    typed = {m.field: m for m in markers if m.field in ("given name", "family name")}
    response = client.post(
        "/api/v1/people/match/",
        {
            "given_name": typed["given name"].value,
            "family_name": typed["family name"].value,
            "date_of_birth": "1980-03-01",
        },
        content_type="application/json",
    )
    return text_of(response), frozenset(typed.values())


def _leaks(
    label: str, text: str, markers: list[Marker], echoed: frozenset = frozenset()
) -> list[str]:
    return [f"{label}: {marker}" for marker in found(text, markers) if marker not in echoed]


def test_no_canary_reaches_anyone_not_entitled_to_it(canaries, caplog, world):
    markers, hidden = canaries["markers"], canaries["hidden"]
    walk: list[Request] = [(name, path, frozenset()) for name, path in canaries["paths"]]
    requests = walk + _searches(markers) + _searches(hidden)
    leaks: list[str] = []

    for persona in canaries["personas"]:
        forbidden = [m for m in markers if m.rule not in persona.may_see] + hidden
        for name, path, echoed in requests:
            text = text_of(persona.client.get(path))
            leaks += _leaks(f"{persona.name} GET {name} {path}", text, forbidden, echoed)
        for who in (markers, hidden):
            text, echoed = _match(persona.client, who)
            leaks += _leaks(f"{persona.name} POST match", text, forbidden, echoed)

    # The entitled caseworker: sees every marker (the positive control), but never a
    # restricted record in a list, search or report, nor the safe address in a file.
    caseworker = canaries["caseworker"]
    seen: set[Marker] = set()
    sealed = [m for m in markers if m.rule == SEALED]
    for name, path, echoed in requests:
        response = caseworker.get(path)
        text = text_of(response)
        seen.update(m for m in found(text, markers) if m not in echoed)
        leaks += _leaks(f"caseworker GET {name} {path}", text, hidden, echoed)
        if response.get("Content-Type", "").startswith(FILE_TYPES):
            leaks += _leaks(f"caseworker file {name} {path}", text, sealed)
    text, echoed = _match(caseworker, hidden)
    leaks += _leaks("caseworker POST match", text, hidden, echoed)

    # The subject access export of someone else holds nothing of the canary person.
    leaks += _leaks("another person's subject access export", _sar_export(canaries, world), markers)

    # Nothing leaves by email, notification, log line or task argument.
    everything = markers + hidden
    for message in mail.outbox:
        leaks += _leaks(f"email to {message.to}", f"{message.subject}\n{message.body}", everything)
    for row in OutboxMessage.objects.all():
        leaks += _leaks("outbox message", f"{row.subject}\n{row.body}", everything)
    for row in Notification.objects.all():
        leaks += _leaks("notification", f"{row.title}\n{row.body}\n{row.link}", everything)
    for task in DBTaskResult.objects.all():
        leaks += _leaks(f"task {task.task_path}", json.dumps(task.args_kwargs), everything)
    for record in caplog.records:
        line = f"{record.getMessage()} {record.exc_text or ''}"
        leaks += _leaks(f"log {record.name}", line, everything)

    assert not leaks, "\n".join(leaks)
    assert set(markers) <= seen, f"never shown to the caseworker: {set(markers) - seen}"
    # The searches and the match find the person: an empty answer would prove nothing.
    by_field = {m.field: m for m in markers}
    alias, preferred = by_field["alias"], by_field["preferred name"]
    assert found(text_of(caseworker.get(f"/people/?q={alias.value}")), [preferred])
    assert found(text_of(caseworker.get(f"/api/v1/people/?q={alias.value}")), [preferred])
    assert found(_match(caseworker, markers)[0], [preferred])
    # The restricted record is still there for its recording agency, by its own address.
    restricted = caseworker.get(reverse("people:detail", args=[canaries["restricted"].pk]))
    assert found(text_of(restricted), hidden)


def _sar_export(canaries: dict[str, Any], world: Any) -> str:
    from waypost.audit.tasks import build_subject_access_export
    from waypost.audit.tests.conftest import open_request_for

    dpo = canaries["dpo"]
    sar = open_request_for(dpo, world, person=canaries["other"])
    build_subject_access_export.call(str(sar.pk))
    response = _client(dpo).get(reverse("audit:sar_download", args=[sar.pk]))
    assert response.status_code == 200
    return text_of(response)
