"""Helpers for tests about people and sharing: a person, a signed agreement, a permission."""

from datetime import date, timedelta
from typing import Any

from waypost.accounts.models import Agency, User
from waypost.people.actions import create_person
from waypost.people.models import Person
from waypost.sharing.actions import publish_agreement, record_sharing_permission, sign_agreement
from waypost.sharing.models import ObtainedHow, PermissionStatus, SharingAgreement
from waypost.sharing.policy import PERSON_SECTIONS

# The "Add a person" form (/people/new/) filled in for Robin Ashdown, born 14 July 1975.
NEW_PERSON_FORM = {
    "given_name": "Robin",
    "family_name": "Ashdown",
    "birth_date_0": "14",
    "birth_date_1": "7",
    "birth_date_2": "1975",
    "gender": "unknown",
}


def make_person(agency: Agency, by: User | None = None, **fields: Any) -> Person:
    """A person recorded by `agency`: Jo Bloggs born 1 March 1980 unless told otherwise."""
    fields.setdefault("given_name", "Jo")
    fields.setdefault("family_name", "Bloggs")
    fields.setdefault("birth_date", date(1980, 3, 1))
    fields.setdefault("birth_date_precision", "exact")
    return create_person(agency=agency, by=by, **fields)


def sign_agreement_for(*agencies: Agency, ends_on: date | None = None) -> SharingAgreement:
    """The agencies' partnership's agreement (created when missing), signed by each of them."""
    partnership = agencies[0].partnership
    agreement = partnership.agreements.first() or publish_agreement(
        partnership.pk,
        version="1.0",
        title=f"{partnership.name} information sharing agreement",
        starts_on=date.today() - timedelta(days=365),
        by=None,
    )
    for agency in agencies:
        sign_agreement(
            agreement,
            agency,
            signatory_name="Sam Signer",
            signatory_role="Director",
            signed_on=date.today() - timedelta(days=30),
            ends_on=ends_on,
            by=None,
        )
    return agreement


def give_consent(
    person: Person,
    by: User,
    agency: Agency,
    *,
    sections: Any = PERSON_SECTIONS,
    agencies: Any = None,
    status: str = PermissionStatus.GIVEN,
    best_interests_decision: str | None = None,
    gateway: str = "",
    gateway_justification: str = "",
) -> Any:
    """Record verbal, witnessed consent to share `sections` (all) with `agencies` (all). The
    best-interests decision defaults to one only when the status needs it."""
    if best_interests_decision is None:
        best_interests_decision = "Best interests meeting" if status == "best_interests" else ""
    return record_sharing_permission(
        person,
        status=status,
        sections=sections,
        obtained_how=ObtainedHow.VERBAL_WITNESSED,
        witness_name="Wren Witness",
        all_agencies=agencies is None,
        agencies=agencies or (),
        best_interests_decision=best_interests_decision,
        gateway=gateway,
        gateway_justification=gateway_justification,
        by=by,
        agency=agency,
    )


def add_one_of_each(person: Person, by: User | None, agency: Agency, *, times: int = 1) -> None:
    """`times` records of every kind, recorded by `agency`: for person-page tests and their
    query counts. Includes a staff-safety warning, a care-of address with post and an ID
    verification against a partnership criterion."""
    from waypost.people import actions
    from waypost.people.models import (
        AliasKind,
        ContactKind,
        IdentifierKind,
        IdVerificationCriterion,
        NoteKind,
        SupportNeedKind,
    )

    criterion, _ = IdVerificationCriterion.objects.get_or_create(
        partnership_id=person.partnership_id, text="Has known them for at least 6 months"
    )
    for i in range(times):
        actions.add_alias(
            person, kind=AliasKind.NICKNAME, given_name=f"Jojo{i}", by=by, agency=agency
        )
        actions.add_identifier(
            person, kind=IdentifierKind.CHAIN, value=f"CH{i:05d}", by=by, agency=agency
        )
        actions.add_identifier(
            person, kind=IdentifierKind.PRISON_NUMBER, value=f"A{i:04d}BC", by=by, agency=agency
        )
        for kind in NoteKind.values:
            actions.add_note(person, kind=kind, text=f"{kind} note {i}", by=by, agency=agency)
        actions.add_support_need(
            person, kind=SupportNeedKind.ALCOHOL, detail=f"Need {i}", by=by, agency=agency
        )
        actions.add_housing_history(
            person, accommodation=f"Hostel {i}", reason_left="Evicted", by=by, agency=agency
        )
        actions.add_contact_detail(
            person, kind=ContactKind.PHONE, value=f"07700 900{i:03d}", by=by, agency=agency
        )
        care_of = actions.add_care_of_address(
            person, hub=agency, address=f"c/o Hub {i}", by=by, agency=agency
        )
        actions.log_post_item(care_of, description=f"DWP letter {i}", by=by, agency=agency)
        actions.record_id_verification(
            person,
            criteria=[criterion],
            verifier_name=f"Dr Verifier {i}",
            verifier_role="GP",
            verifier_organisation="Health Centre",
            verified_on=date.today(),
            by=by,
            agency=agency,
        )
        actions.add_warning(person, text=f"Warning {i}", by=by, agency=agency)
    actions.record_safe_address(
        person, line_1="1 Refuge Road", town="Coventry", postcode="CV1 1AA", by=by, agency=agency
    )
