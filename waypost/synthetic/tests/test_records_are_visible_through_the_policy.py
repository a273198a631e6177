"""A caseworker of the synthetic partnership sees, through the real access policy, the records
of people who agreed to share and the records of their own agency; not the others."""

from waypost.accounts.models import AgencyType, Membership, Role, User
from waypost.audit.models import Section
from waypost.outreach.models import StreetContact
from waypost.people.models import Person
from waypost.sharing.models import PermissionStatus, SharingPermission
from waypost.sharing.policy import access_for
from waypost.synthetic.generate import generate


def test_a_caseworker_sees_shared_and_own_records_only(db, tmp_path):
    result = generate(people=120, seed=6, contacts_per_person=5, truth_path=tmp_path / "t")
    caseworker = User.objects.get(
        memberships__agency__partnership=result.partnership,
        memberships__agency__type=AgencyType.HOUSING_OPTIONS,
        memberships__role=Role.CASEWORKER,
        email__startswith="caseworker-1@",
    )
    own = Membership.objects.get(user=caseworker).agency_id
    shared = set(
        SharingPermission.objects.filter(
            status=PermissionStatus.GIVEN, is_current=True
        ).values_list("person", flat=True)
    )
    visible = set(Person.objects.visible_to(caseworker).values_list("pk", flat=True))
    expected = shared | set(
        Person.objects.filter(recorded_by_agency_id=own).values_list("pk", flat=True)
    )
    assert visible == expected
    assert 0.7 * result.records < len(visible) < result.records

    hidden = Person.objects.exclude(pk__in=visible).first()
    assert not access_for(caseworker, hidden).can_see(
        Section.IDENTITY, hidden.recorded_by_agency_id
    )
    seen = Person.objects.filter(pk__in=shared).exclude(recorded_by_agency_id=own).first()
    access = access_for(caseworker, seen)
    contact = StreetContact.objects.filter(person=seen).first() or StreetContact(
        recorded_by_agency_id=result.partnership.agencies.get(type=AgencyType.OUTREACH).pk
    )
    assert access.can_see(Section.IDENTITY, seen.recorded_by_agency_id)
    assert access.can_see(Section.CONTACT, contact.recorded_by_agency_id)
