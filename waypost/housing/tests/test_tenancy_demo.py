"""The demo landlords and tenancies: four landlords of different kinds (the housing
association named after the demo agency) with agreements, homes and incentives, and four
tenancies of people on the by-name list, some started 7 to 14 months ago, with an open rent
arrears flag, resolved missed visits and a sanction notified by the JobCentre; once however
often seed_demo runs."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import AgencyType, Partnership, Role, User
from waypost.housing.models import (
    Incentive,
    Landlord,
    LandlordAgreement,
    Property,
    RiskKind,
    Tenancy,
    TenancyRisk,
)
from waypost.housing.sustainment import months_sustained
from waypost.housing.tenancy_demo import seed_tenancies_demo
from waypost.notifications.models import Notification
from waypost.outreach.models import ByNameEntry


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_tenancies_demo(partnership, agencies, users)


def _counts():
    return [
        model.objects.count()
        for model in (Landlord, LandlordAgreement, Property, Incentive, Tenancy, TenancyRisk)
    ] + [Notification.objects.count()]


def test_the_demo_tenancies_are_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    for partnership in Partnership.objects.all():
        _seed(partnership)
    first = _counts()
    for partnership in Partnership.objects.all():
        _seed(partnership)
    assert _counts() == first

    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        landlords = Landlord.objects.filter(partnership=partnership)
        association = partnership.agencies.get(type=AgencyType.LANDLORD).name
        assert landlords.filter(name=association, kind="registered_provider").exists()
        assert landlords.values("kind").distinct().count() == 4
        assert Incentive.objects.filter(landlord__partnership=partnership).count() >= 5
        # The Housing First demo starts tenancies of its own.
        tenancies = Tenancy.objects.filter(partnership=partnership, housing_first_case__isnull=True)
        assert tenancies.count() == 4
        months = sorted(months_sustained(t.started_on, today=today) for t in tenancies)
        assert months == [2, 7, 10, 14]
        on_list = ByNameEntry.objects.filter(person__in=tenancies.values("person"))
        assert on_list.count() == 4 and {e.status for e in on_list} == {"housed"}
        risks = TenancyRisk.objects.filter(tenancy__partnership=partnership)
        assert risks.filter(kind=RiskKind.RENT_ARREARS, resolved_on__isnull=True).count() == 1
        assert risks.filter(kind=RiskKind.MISSED_VISITS, resolved_on__isnull=False).count() == 1
        sanction = risks.get(kind=RiskKind.BENEFIT_SANCTION)
        assert sanction.recorded_by_agency.type == AgencyType.DWP
