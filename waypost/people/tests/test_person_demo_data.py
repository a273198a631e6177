"""seed_demo's people: a realistic, fictional cohort that shows every part of the person page,
made by the same actions staff use, and made once however often the command runs."""

from io import StringIO

from django.core.management import call_command

from waypost.accounts.models import Partnership, User
from waypost.lib.identifiers import nhs_number_problem
from waypost.people.models import (
    Alias,
    Identifier,
    IdVerificationCriterion,
    Note,
    NoteKind,
    Person,
    SafeAddress,
    StaffSafetyWarning,
)
from waypost.sharing.models import AgreementSignature, SharingPermission
from waypost.sharing.policy import access_for


def test_seed_demo_makes_each_partnership_a_cohort_once(db, settings):
    settings.WAYPOST_DEMO = True
    for _ in range(2):
        call_command("seed_demo", stdout=StringIO())
    for partnership in Partnership.objects.all():
        # The synthetic cohort; the enforcement and deaths demo adds three people of its own,
        # and the SWEP sweep demo one found on the street in each activation (Coventry has a
        # past one and tonight's, Birmingham a past one).
        people = Person.objects.filter(
            partnership=partnership, identifier__system="Waypost demo"
        ).distinct()
        assert people.count() == 30
        found_in_sweeps = 2 if partnership.slug == "coventry" else 1
        assert Person.objects.filter(partnership=partnership).count() == 33 + found_in_sweeps
        agencies = partnership.agencies.all()
        signed = AgreementSignature.objects.in_date().filter(agency__in=agencies).count()
        assert signed == agencies.count()
        assert IdVerificationCriterion.objects.filter(partnership=partnership).count() == 4
        assert Alias.objects.filter(person__in=people).exists()
        assert set(Note.objects.filter(person__in=people).values_list("kind", flat=True)) == set(
            NoteKind.values
        )
        statuses = set(
            SharingPermission.objects.filter(person__in=people).values_list("status", flat=True)
        )
        assert statuses == {"given", "refused"}
        assert StaffSafetyWarning.objects.filter(person__in=people).count() == 1
        assert SafeAddress.objects.filter(person__in=people).count() == 1
    nhs = Identifier.objects.filter(kind="nhs_number").values_list("value", flat=True)
    assert nhs and not [n for n in nhs if nhs_number_problem(n)]


def test_the_demo_caseworker_sees_the_safe_address_they_hold(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    caseworker = User.objects.get(email="caseworker@coventry.example")
    address = SafeAddress.objects.get(person__partnership__slug="coventry")
    assert access_for(caseworker, address.person).can_see_sealed(address.recorded_by_agency_id)
