"""Helpers for the merge tests: people with a record of every kind, and a snapshot of where
every row that points at a person is."""

from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.people import actions
from waypost.people.models import (
    DuplicatePair,
    IdentifierKind,
    MatchKey,
    Merge,
    NoteKind,
    Person,
)
from waypost.sharing.actions import record_lawful_basis
from waypost.sharing.models import BreakGlass
from waypost.testing.people import give_consent, make_person

# Every kind of record the person page knows about, made for one person by `add_records`.
KINDS = (
    "alias",
    "nhs_number",
    "source_id",
    "note",
    "health_note",
    "warning",
    "contact",
    "safe_address",
    "care_of",
    "support_need",
    "housing_history",
    "id_verification",
    "permission",
    "old_permission",
    "lawful_basis",
    "break_glass",
)
VALID_NHS_NUMBERS = ("9434765919", "9400000014", "9400000022")


def add_records(
    person: Person, kinds: set[str] | tuple[str, ...], *, by: User, agency: Agency, n: int = 0
) -> None:
    """One record of each kind in `kinds` for `person`, recorded by `agency`."""
    if "alias" in kinds:
        actions.add_alias(person, kind="nickname", given_name=f"Nick{n}", by=by, agency=agency)
    if "nhs_number" in kinds:
        actions.add_identifier(
            person, kind=IdentifierKind.NHS_NUMBER, value=VALID_NHS_NUMBERS[n % 3], by=by,
            agency=agency,
        )  # fmt: skip
    if "source_id" in kinds:
        actions.add_identifier(
            person, kind=IdentifierKind.SOURCE_ID, system="CHAIN export", value=f"C{n}-{person.pk}",
            by=by, agency=agency,
        )  # fmt: skip
    if "note" in kinds:
        actions.add_note(person, kind=NoteKind.GENERAL, text="Met at the day centre", by=by,
                         agency=agency)  # fmt: skip
    if "health_note" in kinds:
        actions.add_note(person, kind=NoteKind.HEALTH, text="Diabetic", by=by, agency=agency)
    if "warning" in kinds:
        actions.add_warning(person, text="Has a dog", by=by, agency=agency)
    if "contact" in kinds:
        actions.add_contact_detail(person, kind="phone", value="07700 900123", by=by, agency=agency)
    if "safe_address" in kinds:
        actions.record_safe_address(
            person, line_1="1 Refuge Row", town="Coventry", postcode="CV1 1AA", by=by, agency=agency
        )
    if "care_of" in kinds:
        care_of = actions.add_care_of_address(
            person, hub=agency, address="Hub, 2 High Street, Coventry", by=by, agency=agency
        )
        actions.log_post_item(care_of, description="DWP letter", by=by, agency=agency)
    if "support_need" in kinds:
        actions.add_support_need(person, kind="benefits", by=by, agency=agency)
    if "housing_history" in kinds:
        actions.add_housing_history(person, accommodation="Hostel", by=by, agency=agency)
    if "id_verification" in kinds:
        criterion = actions.add_id_criterion(person.partnership, text="Known to staff", by=by)
        actions.record_id_verification(
            person, criteria=[criterion], verifier_name="Val Verifier", verifier_role="GP",
            verifier_organisation="Practice", verified_on=date.today(), by=by, agency=agency,
        )  # fmt: skip
    if "old_permission" in kinds:
        give_consent(person, by, agency)  # superseded by the next one: history, not current
    if "permission" in kinds:
        give_consent(person, by, agency)
    if "lawful_basis" in kinds:
        record_lawful_basis(
            person, article_6="public_task", article_9="health_social_care",
            article_10="official_authority", schedule_1="health_social_care", by=by,
            agency=agency,
        )  # fmt: skip
    if "break_glass" in kinds:
        BreakGlass.objects.create(
            user=by, agency=agency, person=person, reason="Missing in freezing weather",
            expires_at=timezone.now() + timedelta(hours=1),
        )  # fmt: skip


def two_people(agency: Agency, by: User) -> tuple[Person, Person]:
    """Two records of one person that differ in every field group."""
    first = make_person(
        agency, by=by, given_name="Jo", family_name="Bloggs", birth_date=date(1980, 3, 1),
        birth_date_precision="exact", gender="woman", pronouns="she/her", ethnicity="white_irish",
        nationality="Irish", first_language="English", needs_interpreter=False,
        immigration_status="british_irish", public_funds="has_recourse",
        local_connection="has", local_connection_area="Coventry", preferred_name="Jojo",
    )  # fmt: skip
    second = make_person(
        agency, by=by, given_name="Joanne", family_name="Blogs", birth_date=date(1980, 1, 1),
        birth_date_precision="year", gender="unknown", nationality="British",
        first_language="Irish", needs_interpreter=True, immigration_status="unknown",
        local_connection="elsewhere", local_connection_area="Leeds",
    )  # fmt: skip
    return first, second


def person_foreign_keys() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key to Person in every model, found independently of merging.py."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                found.append((model, field))
    return found


# Bookkeeping that stays put or is rebuilt (see merging.STAYS): checked separately.
NOT_SNAPSHOTTED = (Merge, MatchKey, DuplicatePair, Person)


def snapshot() -> dict[tuple[str, str, str], tuple[Any, ...]]:
    """Where every row pointing at a person is: (model, field, pk) -> (person id, is_current)."""
    rows: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    for model, field in person_foreign_keys():
        if model in NOT_SNAPSHOTTED:
            continue
        has_flag = any(f.name == "is_current" for f in model._meta.concrete_fields)
        columns = ["pk", field.attname] + (["is_current"] if has_flag else [])
        for pk, person_id, *flag in model._base_manager.values_list(*columns):
            rows[(model._meta.label, field.name, str(pk))] = (person_id, *flag)
    return rows


def person_fields(person: Person) -> dict[str, Any]:
    person.refresh_from_db()
    skip = {"version", "updated_at", "last_activity_at"}
    return {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.name not in skip
    }


def match_keys(person: Person) -> set[str]:
    return set(MatchKey.objects.filter(person=person).values_list("value", flat=True))
