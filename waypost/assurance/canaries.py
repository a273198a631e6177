"""Canaries: unique marker values planted in every protected field of a person's record, and a
way to read any response (page, JSON, CSV, XLSX, ZIP, PDF) as text to look for them.

A marker is capital letters only, so escaping, identifier normalisation and PDF text
extraction leave it whole; it is compared case-insensitively, so a name shown in capitals or
title case still counts.
"""

import io
import secrets
import string
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import HttpResponseBase
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.audit.models import Section
from waypost.people.models import Person

# Not sections of the policy, but rules of their own (waypost.sharing.policy): a safe address is
# seen only by the agency that recorded it and never printed or exported; staff-safety warnings
# by front-line staff whose agency signed the agreement or recorded the person.
SEALED = "sealed"
STAFF_WARNING = "staff_warning"


@dataclass(frozen=True)
class Marker:
    value: str
    rule: str  # a Section value, SEALED or STAFF_WARNING
    field: str  # where it was planted, for failure messages

    def __str__(self) -> str:
        return f"{self.field} ({self.rule})"


def new_marker(label: str) -> str:
    # Letters only: search reads digits as an identifier and splits names at them.
    return "CANARY" + label + "".join(secrets.choice(string.ascii_uppercase) for _ in range(10))


class Planter:
    """Plants one marker a field, remembering each with the rule that protects it."""

    def __init__(self) -> None:
        self.markers: list[Marker] = []

    def __call__(self, rule: str, field: str) -> str:
        value = new_marker("".join(c for c in field.upper() if c.isalpha())[:12])
        self.markers.append(Marker(value, rule, field))
        return value


def plant_person(agency: Agency, by: User, plant: Planter, **fields: Any) -> Person:
    """A person recorded by `agency` whose identity and housing fields carry markers."""
    from waypost.testing.people import make_person

    return make_person(
        agency,
        by=by,
        given_name=plant(Section.IDENTITY, "given name").title(),
        family_name=plant(Section.IDENTITY, "family name").title(),
        preferred_name=plant(Section.IDENTITY, "preferred name").title(),
        pronouns=plant(Section.IDENTITY, "pronouns"),
        local_connection="elsewhere",
        local_connection_area=plant(Section.HOUSING_HISTORY, "local connection area"),
        **fields,
    )


def plant_records(person: Person, *, by: User, agency: Agency, plant: Planter) -> dict[str, Any]:
    """A marker in every kind of record about `person`, recorded by `agency` as `by` (who must
    be allowed to write every section). Returns the records other tests need to address."""
    from waypost.cases.assessment_actions import AnswerInput, record_assessment
    from waypost.cases.enforcement_actions import record_enforcement
    from waypost.cases.models import Domain, EnforcementKind, PlanAction
    from waypost.people import actions
    from waypost.people.models import AliasKind, ContactKind, IdentifierKind, NoteKind

    actions.add_alias(
        person,
        kind=AliasKind.ALIAS,
        given_name=plant(Section.IDENTITY, "alias").title(),
        by=by,
        agency=agency,
    )
    actions.add_identifier(
        person,
        kind=IdentifierKind.SOURCE_ID,
        system="Old CRM",
        value=plant(Section.IDENTITY, "source id"),
        by=by,
        agency=agency,
    )
    actions.add_identifier(
        person,
        kind=IdentifierKind.PRISON_NUMBER,
        value=plant(Section.OFFENDING, "prison number"),
        by=by,
        agency=agency,
    )
    for kind, section in (
        (NoteKind.GENERAL, Section.NOTES),
        (NoteKind.CONTACT, Section.CONTACT),
        (NoteKind.SUPPORT, Section.SUPPORT),
        (NoteKind.HEALTH, Section.HEALTH),
        (NoteKind.OFFENDING, Section.OFFENDING),
        (NoteKind.SAFEGUARDING, Section.SAFEGUARDING),
        (NoteKind.IMMIGRATION, Section.IMMIGRATION),
        (NoteKind.HOUSING, Section.HOUSING_HISTORY),
    ):
        text = plant(section, f"{kind} note")
        actions.add_note(person, kind=kind, text=f"Said {text}.", by=by, agency=agency)
    actions.add_support_need(
        person,
        kind="mental_health",
        detail=plant(Section.SUPPORT, "support need"),
        by=by,
        agency=agency,
    )
    actions.add_housing_history(
        person,
        accommodation=plant(Section.HOUSING_HISTORY, "accommodation"),
        reason_left=plant(Section.HOUSING_HISTORY, "reason left"),
        by=by,
        agency=agency,
    )
    actions.add_contact_detail(
        person,
        kind=ContactKind.OTHER,
        value=plant(Section.CONTACT, "contact detail"),
        notes=plant(Section.CONTACT, "contact notes"),
        by=by,
        agency=agency,
    )
    care_of = actions.add_care_of_address(
        person,
        hub=agency,
        address=plant(Section.CONTACT, "care of address"),
        by=by,
        agency=agency,
    )
    actions.log_post_item(
        care_of, description=plant(Section.CONTACT, "post item"), by=by, agency=agency
    )
    actions.record_safe_address(
        person,
        line_1=plant(SEALED, "safe address line 1"),
        line_2=plant(SEALED, "safe address line 2"),
        town="Coventry",
        postcode="CV1 1AA",
        by=by,
        agency=agency,
    )
    warning = actions.add_warning(
        person, text=plant(STAFF_WARNING, "staff warning"), by=by, agency=agency
    )
    answers = {
        Domain.MENTAL_HEALTH: (Section.HEALTH, "assessment health"),
        Domain.FINANCES: (Section.SUPPORT, "assessment finances"),
        Domain.OFFENDING: (Section.OFFENDING, "assessment offending"),
        Domain.RISK_TO_OTHERS: (Section.SAFEGUARDING, "assessment risk"),
        Domain.HOUSING_HISTORY: (Section.HOUSING_HISTORY, "assessment housing"),
    }
    assessment = record_assessment(
        person,
        answers={
            domain: AnswerInput(level=2, details=plant(section, field))
            for domain, (section, field) in answers.items()
        },
        assessed_on=timezone.localdate(),
        summary=plant(Section.SUPPORT, "assessment summary"),
        by=by,
        agency=agency,
    )
    PlanAction.objects.create(
        person=person,
        recorded_by_agency=agency,
        text=plant(Section.SUPPORT, "plan action"),
        owner_agency=agency,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    enforcement = record_enforcement(
        person,
        kind=EnforcementKind.WARNING,
        taken_on=date.today(),
        details=plant(Section.OFFENDING, "enforcement details"),
        agency=agency,
        by=by,
    )
    return {
        "assessment": assessment,
        "warning": warning,
        "care_of": care_of,
        "enforcement": enforcement,
    }


# --- Reading responses -----------------------------------------------------------------------


def body_of(response: HttpResponseBase) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)  # type: ignore[attr-defined]


def text_of_bytes(data: bytes) -> str:
    """Everything readable in a file: PDF text, each member of a ZIP (XLSX included), or the
    bytes themselves."""
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(text_of_bytes(archive.read(name)) for name in archive.namelist())
    return data.decode("utf-8", errors="replace")


def text_of(response: HttpResponseBase) -> str:
    """A response as text, headers included (a file name or a redirect can leak too)."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return headers + "\n" + text_of_bytes(body_of(response))


def found(text: str, markers: Any) -> list[Marker]:
    lowered = text.lower()
    return [m for m in markers if m.value.lower() in lowered]
