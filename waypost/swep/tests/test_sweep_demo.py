"""The demo sweep: for the activations the SWEP demo makes (here made directly), outcomes of
each kind, an accepted SWEP bed when one is free, and one new person found a night; nothing
added when seeded again."""

from datetime import datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import AgencyType, Partnership, Role, User
from waypost.housing.models import AccommodationKind, Placement
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.swep.models import Activation, ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.report import activation_report
from waypost.swep.sweep_demo import seed_sweep_demo
from waypost.swep.tests.test_sweep_helpers import make_activation, make_scheme


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_sweep_demo(partnership, agencies, users)


def _activations() -> None:
    """An active activation for Coventry and an ended one for each partnership, as the SWEP
    demo makes them (unless it already has), and free SWEP beds in Coventry."""
    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        if not Activation.objects.filter(
            partnership=partnership, status=ActivationStatus.ENDED
        ).exists():
            first = today - timedelta(days=21)
            make_activation(
                partnership,
                status=ActivationStatus.ENDED,
                starts_at=timezone.make_aware(datetime.combine(first, time(18))),
                nights=3,
                ended_at=timezone.make_aware(
                    datetime.combine(first + timedelta(days=3), time(9, 30))
                ),
            )
    coventry = Partnership.objects.get(slug="coventry")
    if not Activation.objects.filter(partnership=coventry, status=ActivationStatus.ACTIVE).exists():
        make_activation(coventry)
    shelter = coventry.agencies.get(type=AgencyType.ACCOMMODATION)
    make_scheme(shelter, "Demo test SWEP hall", beds=4)


def test_the_demo_sweep_is_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())  # the SWEP demo's activations, then the sweep
    seeded = SweepRecord.objects.count()
    assert seeded

    _activations()
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)
    assert SweepRecord.objects.count() == seeded

    active = Activation.objects.get(status=ActivationStatus.ACTIVE)
    records = SweepRecord.objects.filter(activation=active)
    outcomes = set(records.values_list("outcome", flat=True))
    assert outcomes == {"offered", "accepted", "declined", "not_found"}
    accepted = records.get(outcome=SweepOutcome.ACCEPTED)
    assert accepted.placement.scheme.kind == AccommodationKind.SWEP
    assert accepted.placement.ended_on is None
    assert ByNameEntry.objects.get(person=accepted.person).status == ListStatus.EMERGENCY
    assert all(r.declined_reason for r in records.filter(outcome=SweepOutcome.DECLINED))
    new = records.get(found_new=True)
    assert ByNameEntry.objects.get(person=new.person).status == ListStatus.ROUGH_SLEEPING
    assert records.count() == 6  # five on the list, one found new

    for ended in Activation.objects.filter(status=ActivationStatus.ENDED):
        report = activation_report(ended)
        assert report.nights_active == 3
        assert report.new_people_found == 1
        assert report.people_declined >= 1
        assert report.people_not_found == 1
    coventry_ended = Activation.objects.get(
        partnership__slug="coventry", status=ActivationStatus.ENDED
    )
    assert activation_report(coventry_ended).people_accepted == 1
    # The ended SWEP's bed was used for its nights and is free again now.
    placement = SweepRecord.objects.get(
        activation=coventry_ended, outcome=SweepOutcome.ACCEPTED
    ).placement
    assert placement.ended_on is not None
    assert activation_report(coventry_ended).most_beds_used >= 1
    assert not Placement.objects.filter(person=placement.person, ended_on__isnull=True).exists()
