"""The demo directory: for each city, seven areas, organisations linked to the partnership's
agencies and some charities, about thirty services covering every Waypost category with
varied eligibility and hours, the emergency beds linked to the housing demo's schemes, one
entry not checked for seven months, and toolkit choices for each audience; once however often
it runs, and with nothing personal in it."""

import re
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import AgencyType, Partnership, Role, User
from waypost.directory.directory_demo import seed_directory_demo
from waypost.directory.manage_access import editable_services
from waypost.directory.models import (
    STALE_AFTER_DAYS,
    Access,
    Area,
    Audience,
    BankHolidays,
    Contact,
    GenderServed,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAttribute,
    ToolkitChoice,
)
from waypost.directory.terms import CATEGORIES, term_id

# Ofcom's numbers kept for drama: they ring nobody.
DRAMA_NUMBER = re.compile(r"^(024 7696 0\d{3}|0121 496 0\d{3}|07700 900\d{3})$")


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_directory_demo(partnership, agencies, users)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo, then the directory demo twice more (as seed_demo run again would)."""
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(WAYPOST_DEMO=True):
        from django.db import transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            for _ in range(2):
                for partnership in Partnership.objects.all():
                    _seed(partnership)
            yield
            transaction.set_rollback(True)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Area, Organization, Location, Service, Contact, Schedule, ToolkitChoice)
    }


def test_the_demo_is_seeded_once(demo, db):
    before = _counts()
    for partnership in Partnership.objects.all():
        _seed(partnership)
    assert _counts() == before
    for partnership in Partnership.objects.all():
        assert Area.objects.filter(partnership=partnership).count() == 7
        assert 28 <= Service.objects.filter(partnership=partnership).count() <= 34


def test_every_category_has_a_service_in_each_city(demo, db):
    for partnership in Partnership.objects.all():
        used = set(
            ServiceAttribute.objects.filter(service__partnership=partnership).values_list(
                "taxonomy_term_id", flat=True
            )
        )
        missing = [t.code for t in CATEGORIES if term_id(t.code) not in used]
        assert not missing, f"{partnership}: no service for {missing}"


def test_organisations_are_kept_by_their_agencies(demo, db):
    for partnership in Partnership.objects.all():
        linked = {
            o.agency.type
            for o in Organization.objects.filter(partnership=partnership, agency__isnull=False)
        }
        for kind in (
            AgencyType.OUTREACH,
            AgencyType.HOUSING_OPTIONS,
            AgencyType.ACCOMMODATION,
            AgencyType.HOSPITAL,
            AgencyType.DRUG_ALCOHOL,
            AgencyType.DWP,
        ):
            assert kind in linked
        assert (
            Organization.objects.filter(partnership=partnership, agency__isnull=True).count() >= 4
        )
        # The demo outreach worker keeps their team's services, and only those.
        outreach = User.objects.get(email=demo_email(Role.OUTREACH_WORKER, partnership.slug))
        names = set(editable_services(outreach).values_list("name", flat=True))
        assert names == {"Street outreach team"}


def test_eligibility_and_hours_vary(demo, db):
    coventry = Partnership.objects.get(slug="coventry")
    services = Service.objects.filter(partnership=coventry)
    assert services.filter(gender=GenderServed.WOMEN).count() >= 2
    assert services.filter(maximum_age__lte=25).count() >= 2
    assert services.filter(accepts_no_recourse=True).count() >= 10
    assert services.filter(needs_local_connection=True).exists()
    assert services.filter(access=Access.REFERRAL).count() >= 5
    shelter = services.get(name="Coventry Night Shelter")
    rule = shelter.schedules.get()
    assert (rule.byday, rule.opens_at, rule.closes_at) == (
        "MO,TU,WE,TH,FR,SA,SU",
        time(20),
        time(8),
    )
    kitchen = services.get(name="Saturday community kitchen")
    assert list(kitchen.schedules.values_list("byday", flat=True)) == ["SA"]
    assert services.filter(bank_holidays=BankHolidays.CLOSED).count() >= 2
    day_centre = services.get(bank_holidays=BankHolidays.SPECIAL)
    assert day_centre.schedules.filter(bank_holidays_only=True).count() == 1
    assert Contact.objects.filter(service__partnership=coventry, internal=True).count() >= 10
    assert Contact.objects.filter(service__partnership=coventry, internal=False).count() >= 10
    assert services.exclude(referral_route="").count() >= 10
    for location in Location.objects.filter(partnership=coventry).prefetch_related("addresses"):
        address = location.addresses.get()
        assert address.postal_code.startswith("CV") and address.city == "Coventry"
        assert location.area is not None and location.latitude and location.longitude


def test_the_emergency_beds_describe_the_housing_schemes(demo, db):
    for partnership in Partnership.objects.all():
        linked = Service.objects.filter(partnership=partnership, housing_scheme__isnull=False)
        assert linked.count() == 5
        for service in linked.select_related("housing_scheme"):
            assert service.housing_scheme.partnership_id == partnership.pk
        women = linked.get(name="Women's Safe Beds")
        assert not women.at_locations.exists()  # the address is kept private


def test_one_entry_was_checked_seven_months_ago(demo, db):
    for partnership in Partnership.objects.all():
        stale = Service.objects.filter(
            partnership=partnership,
            last_checked_at__lt=timezone.now() - timedelta(days=STALE_AFTER_DAYS),
        )
        assert list(stale.values_list("name", flat=True)) == ["Shower and laundry bus"]
        assert (
            Service.objects.filter(partnership=partnership, last_checked_by__isnull=True).count()
            == 0
        )


def test_each_toolkit_audience_has_five_to_eight_services(demo, db):
    for partnership in Partnership.objects.all():
        for audience in Audience.values:
            chosen = ToolkitChoice.objects.filter(partnership=partnership, audience=audience)
            assert 5 <= chosen.count() <= 8
            assert all(c.service.partnership_id == partnership.pk for c in chosen)


def test_nothing_personal_and_no_real_phone_numbers(demo, db):
    # Contacts are job titles or teams, never people's names.
    assert not Contact.objects.exclude(name="").exists()
    for number in Phone.objects.values_list("number", flat=True):
        assert DRAMA_NUMBER.match(number), number
    emails = list(Contact.objects.values_list("email", flat=True)) + list(
        Service.objects.values_list("email", flat=True)
    )
    assert all(e == "" or e.endswith(".example") for e in emails)


def test_the_demo_entries_open_in_the_forms_that_keep_them(demo, db, client):
    coordinator = User.objects.get(email=demo_email(Role.COORDINATOR, "coventry"))
    client.force_login(coordinator)
    page = client.get("/directory/manage/?needs_check=1").text
    assert "Shower and laundry bus" in page and "Not checked for 6 months" in page
    for service in Service.objects.filter(partnership__slug="coventry"):
        response = client.get(f"/directory/manage/services/{service.pk}/")
        assert response.status_code == 200, service.name
        assert "!!MISSING" not in response.text, service.name
    outreach = Service.objects.get(partnership__slug="coventry", name="Street outreach team")
    page = client.get(f"/directory/manage/services/{outreach.pk}/").text
    assert "Every day: 6am to 10am" in page  # two sessions a day: kept unless replaced
