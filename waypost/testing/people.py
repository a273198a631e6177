"""Helpers for tests about people and sharing: a person, a signed agreement, a permission."""

from datetime import date, timedelta
from typing import Any

from waypost.accounts.models import Agency, User
from waypost.people.actions import create_person
from waypost.people.models import Person
from waypost.sharing.actions import publish_agreement, record_sharing_permission, sign_agreement
from waypost.sharing.models import ObtainedHow, PermissionStatus, SharingAgreement
from waypost.sharing.policy import PERSON_SECTIONS


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
) -> Any:
    """Record verbal, witnessed consent to share `sections` (all) with `agencies` (all)."""
    return record_sharing_permission(
        person,
        status=status,
        sections=sections,
        obtained_how=ObtainedHow.VERBAL_WITNESSED,
        witness_name="Wren Witness",
        all_agencies=agencies is None,
        agencies=agencies or (),
        best_interests_decision="Best interests meeting" if status == "best_interests" else "",
        by=by,
        agency=agency,
    )
