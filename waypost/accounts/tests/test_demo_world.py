"""What seed_demo makes, checked on one demo world seeded twice for the whole module (seeding
takes seconds; waypost.testing.demo): the two partnerships with every agency type and role, and
each part of the demo, from the people to severe weather. Seeding again adds nothing."""

import itertools
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
from waypost.cases.models import Goal, PlanAction, PlanStatus
from waypost.housing.capacity import capacity_for_partnership
from waypost.housing.housing_first_figures import housing_first_figures
from waypost.housing.models import (
    AccommodationKind,
    AgreementKind,
    GenderRule,
    HousingFirstCase,
    HousingFirstStage,
    HousingFirstStageChange,
    HousingNeeds,
    Incentive,
    Landlord,
    PanelDecision,
    Placement,
    Provider,
    RiskKind,
    Scheme,
    Tenancy,
    TenancyRisk,
)
from waypost.housing.sustainment import months_sustained
from waypost.lib.identifiers import nhs_number_problem
from waypost.outreach.flows import add_months, month_flows
from waypost.outreach.list_demo import DEMO_MARK, demo_people_of
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange, StreetContact
from waypost.people.models import (
    Alias,
    Gender,
    Identifier,
    IdVerificationCriterion,
    Note,
    NoteKind,
    Person,
    SafeAddress,
    StaffSafetyWarning,
)
from waypost.people.tests.test_import_people_options import run, write
from waypost.referrals.models import Discharge, Duty, Referral
from waypost.sharing.models import AgreementSignature, SharingPermission
from waypost.sharing.policy import access_for
from waypost.swep.models import (
    Activation,
    ActivationStatus,
    CascadeMessage,
    Forecast,
    RotaMember,
    SwepSettings,
)
from waypost.swep.tasks import alert_coordinators
from waypost.testing.demo import demo_world
from waypost.testing.personas import mark_recently_authenticated

S = HousingFirstStage

# Rows that seeding again may add: the change log (seeding again refreshes a few values, such as
# when vacancies were last checked, and each change is logged).
LOGS = {"auditlog.LogEntry"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_world(django_db_blocker) as seeding:
        yield seeding


def _seeded_by_second_run(demo) -> dict[str, tuple[int, int]]:
    return {
        label: (demo.after_first[label], count)
        for label, count in demo.after_second.items()
        if count != demo.after_first[label] and label not in LOGS
    }


def test_seeding_again_adds_nothing(demo, db):
    assert demo.after_first["people.Person"] > 0
    assert _seeded_by_second_run(demo) == {}


# --- Partnerships, agencies and staff ---------------------------------------------------------


def test_every_agency_type_and_role_is_there(demo, db):
    assert set(Partnership.objects.values_list("name", flat=True)) == {"Coventry", "Birmingham"}
    for partnership in Partnership.objects.all():
        types = set(Agency.objects.filter(partnership=partnership).values_list("type", flat=True))
        assert types == set(AgencyType.values)
        roles = set(
            Membership.objects.active()
            .filter(agency__partnership=partnership)
            .values_list("role", flat=True)
        )
        assert roles == set(Role.values)
    # One of each role, and a housing options caseworker, in each partnership.
    assert User.objects.count() == 2 * (len(Role) + 1)
    assert User.objects.filter(is_demo=False).count() == 0


# --- Referrals ------------------------------------------------------------------------------------


def test_demo_referrals_show_every_stage(demo, db):
    """The demo has referrals waiting, a duty about to expire, a successful duty and
    discharges on the countdown board, and seeding again adds none."""

    coventry = Referral.objects.filter(partnership__slug="coventry")
    assert coventry.count() == 7
    assert coventry.filter(status="waiting").count() == 4
    open_duty = Duty.objects.get(referral__partnership__slug="coventry", ended_on__isnull=True)
    assert open_duty.is_expiring()
    assert Duty.objects.filter(referral__partnership__slug="coventry", outcome="secured_6_months")
    assert Discharge.objects.filter(referral__partnership__slug="coventry").count() == 3


# --- People ---------------------------------------------------------------------------------------


def test_each_partnership_has_a_cohort_of_people(demo, db):
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


def test_the_demo_caseworker_sees_the_safe_address_they_hold(demo, db):
    caseworker = User.objects.get(email="caseworker@coventry.example")
    address = SafeAddress.objects.get(person__partnership__slug="coventry")
    assert access_for(caseworker, address.person).can_see_sealed(address.recorded_by_agency_id)


# --- Accommodation register -----------------------------------------------------------------------


def test_each_city_has_an_accommodation_register(demo, db):
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


# --- Placements -----------------------------------------------------------------------------------


def test_people_are_placed_in_beds_that_suit_them(demo, db):
    for partnership in Partnership.objects.all():
        # The SWEP sweep demo places people in SWEP beds of its own.
        placements = Placement.objects.filter(partnership=partnership).exclude(
            scheme__kind=AccommodationKind.SWEP
        )
        people = placements.values("person").distinct().count()
        assert people == 6 and placements.count() == 7  # one moved on to a second place
        assert placements.filter(scheme__provider__agency__type=AgencyType.ACCOMMODATION).count()
        ended = dict(placements.exclude(ended_on=None).values_list("end_reason", "scheme__kind"))
        assert set(ended) == {"move_on", "abandonment"}
        assert placements.filter(ended_on=None).count() == 5
        # Nobody is in a bed for the other sex.
        assert not placements.filter(
            scheme__gender_rule=GenderRule.WOMEN, person__gender=Gender.MAN
        ).exists()
        assert not placements.filter(
            scheme__gender_rule=GenderRule.MEN, person__gender=Gender.WOMAN
        ).exists()
        needs = HousingNeeds.objects.filter(person__partnership=partnership)
        assert needs.count() == 4
        couple = list(needs.filter(couple=True))
        assert len(couple) == 2 and {n.partner_id for n in couple} == {n.person_id for n in couple}
        together = placements.filter(person__in=[n.person_id for n in couple], ended_on=None)
        assert together.count() == 2 and together.values("unit").distinct().count() == 1
        assert needs.filter(pet=True).count() == 1


# --- Housing First --------------------------------------------------------------------------------


def test_housing_first_cases_are_at_every_stage(demo, db):
    for partnership in Partnership.objects.all():
        cases = HousingFirstCase.objects.filter(partnership=partnership)
        assert cases.count() == 8
        assert cases.values("person").distinct().count() == 8
        stages = sorted(cases.values_list("stage", flat=True))
        assert stages == sorted(
            [S.REFERRED, S.REFERRED, S.ELIGIBILITY, S.PANEL, S.PANEL, S.OFFER, S.TENANCY, S.CLOSED]
        )
        assert cases.filter(stage=S.PANEL, panel_decision=PanelDecision.DEFERRED).count() == 1
        housed = cases.get(stage=S.TENANCY)
        tenancy = Tenancy.objects.get(pk=housed.tenancy_id)
        assert tenancy.property == housed.property and not tenancy.property.is_available
        assert tenancy.floating_support
        assert housed.property.landlord.agreements.filter(kind=AgreementKind.HOUSING_FIRST)
        offered = cases.get(stage=S.OFFER)
        assert offered.property != housed.property
        # The steps are spread over past weeks: each stage took days, not moments.
        changes = list(HousingFirstStageChange.objects.filter(case=housed).order_by("changed_at"))
        assert [c.stage for c in changes] == [
            S.REFERRED,
            S.ELIGIBILITY,
            S.PANEL,
            S.OFFER,
            S.TENANCY,
        ]  # noqa: E501
        gaps = [(b.changed_at - a.changed_at).days for a, b in itertools.pairwise(changes)]
        assert all(gap >= 7 for gap in gaps)
        figures = housing_first_figures(partnership.pk)
        assert (figures.housed, figures.open_cases, figures.closed) == (1, 6, 1)
        assert all(s.longest_days for s in figures.stages)  # every open stage has a wait


# --- Landlords and tenancies ----------------------------------------------------------------------


def test_landlords_and_tenancies_with_their_risks(demo, db):

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


# --- Support plans --------------------------------------------------------------------------------


def test_support_plans_with_goals_actions_and_lead_workers(demo, db):
    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        people = Person.objects.filter(partnership=partnership)
        planned = people.filter(pk__in=Goal.objects.values("person"))
        assert planned.count() == 10
        actions = PlanAction.objects.filter(person__partnership=partnership)
        assert actions.overdue(today).exists()
        assert actions.filter(status=PlanStatus.DONE).exists()
        assert actions.values("owner_agency").distinct().count() >= 5
        leads = planned.exclude(lead_worker=None)
        assert leads.count() == 10
        assert leads.values("lead_worker").distinct().count() == 4  # from four agencies
    assert Goal.objects.count() == 2 * 12  # ten people a city, two of them with two goals


# --- Severe weather -------------------------------------------------------------------------------


def test_severe_weather_is_active_in_coventry_tonight(demo, db, settings):
    settings.WAYPOST_DEMO = True
    coventry = Partnership.objects.get(slug="coventry")
    birmingham = Partnership.objects.get(slug="birmingham")
    for partnership in (coventry, birmingham):
        swep_settings = SwepSettings.objects.get(partnership=partnership)
        assert swep_settings.help_text and swep_settings.help_phone
        forecasts = Forecast.objects.filter(partnership=partnership)
        assert forecasts.count() == 7
        assert forecasts.filter(min_temp_c=Decimal("-2.0")).count() == 1
        assert (
            Activation.objects.filter(
                partnership=partnership, status=ActivationStatus.ENDED
            ).count()
            == 1
        )
        assert RotaMember.objects.filter(partnership=partnership).count() == 1
    assert Activation.objects.get(status=ActivationStatus.ACTIVE).partnership == coventry
    assert CascadeMessage.objects.filter(activation__partnership=coventry).exists()
    # Coventry's −2 °C night is covered; Birmingham's is for its coordinator to decide.
    assert alert_coordinators() == 1
    assert Forecast.objects.get(alerted_at__isnull=False).partnership == birmingham
    # The banner shows to the public.
    page = Client().get(reverse("pages:privacy")).content.decode()
    assert "SWEP is active in Coventry tonight." in page
    assert "SWEP is active in Birmingham" not in page


# --- The by-name list -----------------------------------------------------------------------------


def test_the_by_name_list_is_varied(demo, db, settings):
    settings.WAYPOST_DEMO = True
    coventry = Partnership.objects.get(slug="coventry")
    people = [p.pk for p in demo_people_of(coventry)]
    entries = ByNameEntry.objects.filter(person__in=people)
    assert entries.count() == 30
    # Every status but death; the tenancy demo then moves people on from supported
    # accommodation into their own homes, so "supported" may survive only in the history.
    assert set(entries.values_list("status", flat=True)) >= set(ListStatus.values) - {
        ListStatus.DECEASED,
        ListStatus.SUPPORTED,
    }
    assert StatusChange.objects.filter(entry__in=entries, status=ListStatus.SUPPORTED).exists()
    # Histories in time order, with more than one change for many.
    for entry in entries:
        times = list(entry.changes.order_by("changed_at").values_list("status", flat=True))
        assert times[-1] == entry.status
    assert StatusChange.objects.filter(entry__in=entries).count() > 45
    ours = StreetContact.objects.filter(partnership=coventry, notes__endswith=DEMO_MARK)
    assert ours.filter(person__isnull=True, bedded_down=True).count() == 12
    # Flows over the last year have people of every kind.
    this_month = timezone.localdate().replace(day=1)
    flows = month_flows(coventry, add_months(this_month, -11), this_month)
    assert sum(f.new for f in flows) and sum(f.continuing for f in flows)
    assert sum(f.returner for f in flows) and sum(f.unidentified for f in flows) >= 12
    # The demo coordinator sees a list with people not contacted for weeks.
    coordinator = User.objects.get(email=demo_email(Role.COORDINATOR, "coventry"))
    client = Client()
    client.force_login(coordinator)
    mark_recently_authenticated(client, coordinator)
    html = client.get(reverse("outreach:list")).content.decode()
    assert re.search(r"No contact for \d+ days", html)  # people last met weeks ago
    assert "Details not shared" in html  # people who refused to share
    # Birmingham has its own.
    birmingham = Partnership.objects.get(slug="birmingham")
    assert ByNameEntry.objects.filter(person__in=demo_people_of(birmingham)).count() == 30


# --- Importing people -----------------------------------------------------------------------------


def test_import_people_with_no_options_records_for_the_demo_coordinator(demo, db, tmp_path):
    coordinator = User.objects.get(email="coordinator@coventry.example")
    caseworker = User.objects.get(email="caseworker@coventry.example")  # at another agency

    out = run(write(tmp_path))

    person = Identifier.objects.get(kind="source_id", system="X", value="1").person
    assert person.recorded_by_agency.name == "Coventry City Council Housing Options"
    assert "for Coventry City Council Housing Options" in out
    assert Person.objects.visible_to(coordinator).filter(pk=person.pk).exists()
    assert not Person.objects.visible_to(caseworker).filter(pk=person.pk).exists()
