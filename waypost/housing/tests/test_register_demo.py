"""The demo register: each city's accommodation provider with six schemes covering the kinds,
some places free and some occupied, checked recently (SWEP's check out of date), once however
often seed_demo runs."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import AgencyType, Partnership, Role, User
from waypost.housing.capacity import capacity_for_partnership
from waypost.housing.models import AccommodationKind, GenderRule, Provider, Scheme
from waypost.housing.register_demo import seed_register_demo


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_register_demo(partnership, agencies, users)


def test_the_demo_register_is_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)
    for partnership in Partnership.objects.all():
        provider = Provider.objects.get(partnership=partnership)
        assert provider.agency.type == AgencyType.ACCOMMODATION
        schemes = {s.kind: s for s in Scheme.objects.filter(provider=provider)}
        assert len(schemes) == 6
        assert schemes[AccommodationKind.NIGHT_SHELTER].units.count() == 12
        women = schemes[AccommodationKind.EMERGENCY]
        assert (women.gender_rule, women.units.count()) == (GenderRule.WOMEN, 4)
        swep = schemes[AccommodationKind.SWEP]
        assert swep.units.count() == 10 and swep.accepts_no_recourse
        assert not swep.needs_local_connection
        assert timezone.now() - swep.vacancies_updated_at > timedelta(hours=24)
        hostel = schemes[AccommodationKind.HOSTEL]
        assert hostel.pets and hostel.units.filter(sleeps=2).count() == 2
        assert schemes[AccommodationKind.SUPPORTED].max_age == 24
        assert schemes[AccommodationKind.HOUSING_FIRST].units.count() == 3
        provider_user = User.objects.get(email=demo_email(Role.PROVIDER, partnership.slug))
        assert all(s.vacancies_updated_by == provider_user for s in schemes.values())
        beds = capacity_for_partnership(partnership.pk)
        assert len(beds) == 4  # the night shelter, women's beds, SWEP beds and the hostel
        assert all(b["available"] <= b["maximum"] for b in beds)
        assert any(b["available"] for b in beds) and any(
            b["available"] < b["maximum"] for b in beds
        )
    assert Provider.objects.count() == 2 and Scheme.objects.count() == 12
