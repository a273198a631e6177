"""The sustainment list: current tenancies the user may see, with months sustained, open risk
flags as tags, floating support and lead worker; filtered (at risk, no floating support, by
landlord), 25 a page, in a fixed number of queries however many rows."""

from datetime import timedelta

from django.utils import timezone

from waypost.housing.models import RiskKind
from waypost.housing.tenancy_actions import flag_risk, resolve_risk
from waypost.housing.tests.test_tenancy_helpers import house, make_home, make_landlord, months_ago
from waypost.people.actions import set_lead_worker
from waypost.testing.people import make_person


def _build(world, caseworker_user, outreach_user):
    orbit = make_landlord(world.coventry, "Orbit Homes")
    patel = make_landlord(world.coventry, "A. Patel", "private")
    arrears = house(
        make_person(world.council, given_name="Ann", family_name="Arrears"),
        world.council,
        home=make_home(orbit, address="1 Orbit Road"),
        started_on=months_ago(14),
        floating_support=True,
    )
    flag_risk(arrears, kind=RiskKind.RENT_ARREARS, agency=world.council, by=None)
    set_lead_worker(arrears.person, lead_worker=outreach_user, by=None)
    calm = house(
        make_person(world.council, given_name="Cal", family_name="Calm"),
        world.council,
        home=make_home(patel, address="2 Patel Street"),
        started_on=months_ago(7),
    )
    missed = flag_risk(calm, kind=RiskKind.MISSED_VISITS, agency=world.council, by=None)
    resolve_risk(missed.risk, resolved_on=timezone.localdate(), agency=world.council, by=None)
    ended = house(
        make_person(world.council, given_name="Ed", family_name="Ended"),
        world.council,
        home=make_home(orbit, address="3 Orbit Road"),
        started_on=months_ago(9),
    )
    ended.ended_on = timezone.localdate() - timedelta(days=3)
    ended.end_reason = "move_on"
    ended.save()
    return arrears, calm


def _names(client, query=""):
    response = client.get(f"/housing/tenancies/{query}")
    return [row.tenancy.person.given_name for row, _ in response.context["rows"]]


def test_current_tenancies_with_what_puts_them_at_risk(
    caseworker_client, caseworker_user, outreach_user, world
):
    arrears, calm = _build(world, caseworker_user, outreach_user)
    response = caseworker_client.get("/housing/tenancies/")
    rows = response.context["rows"]
    assert [row.tenancy.pk for row, _ in rows] == [calm.pk, arrears.pk]  # newest first
    (calm_row, calm_months), (arrears_row, arrears_months) = rows
    assert (arrears_row.months, arrears_months) == (14, "14 months")
    assert arrears_row.risk_labels == ["Rent arrears"]
    assert arrears_row.lead_worker_name == "Outreach.Worker"
    assert arrears_row.lead_agency_name == "Coventry Outreach"
    assert calm_row.risk_labels == []  # the missed visits were resolved
    assert calm_row.lead_worker_name == ""
    text = response.content.decode()
    assert "Ann Arrears" in text and "Cal Calm" in text and "Ed Ended" not in text
    assert "2 current tenancies" in text


def test_the_filters(caseworker_client, caseworker_user, outreach_user, world):
    arrears, calm = _build(world, caseworker_user, outreach_user)
    assert _names(caseworker_client, "?at_risk=on") == ["Ann"]
    assert _names(caseworker_client, "?no_support=on") == ["Cal"]
    assert _names(caseworker_client, f"?landlord={arrears.landlord_id}") == ["Ann"]
    assert _names(caseworker_client, f"?landlord={calm.landlord_id}&at_risk=on") == []
    # A landlord of another partnership is not a choice.
    elsewhere = make_landlord(world.birmingham, "Birmingham Homes")
    response = caseworker_client.get(f"/housing/tenancies/?landlord={elsewhere.pk}")
    assert response.context["query"].landlord is None


def test_a_risk_the_user_may_not_see_does_not_mark_the_row_at_risk(
    caseworker_client, caseworker_user, outreach_user, world
):
    from waypost.accounts.models import Agency, AgencyType

    _, calm = _build(world, caseworker_user, outreach_user)
    office = Agency.objects.create(partnership=world.coventry, name="DWP", type=AgencyType.DWP)
    flag_risk(calm, kind=RiskKind.BENEFIT_SANCTION, agency=office, by=None)  # no permission
    assert _names(caseworker_client, "?at_risk=on") == ["Ann"]
    response = caseworker_client.get("/housing/tenancies/")
    assert (
        "Benefit sanction"
        not in response.content.decode().split("Open risk flags")[-1].split('id="tenancies"')[-1]
    )


def test_pages_of_25_in_a_fixed_number_of_queries(
    caseworker_client, caseworker_user, outreach_user, world, django_assert_max_num_queries
):
    landlord = make_landlord(world.coventry)
    for number in range(30):
        tenancy = house(
            make_person(world.council, given_name=f"Person{number:02d}"),
            world.council,
            home=make_home(landlord, address=f"{number} Long Road"),
            started_on=months_ago(number % 15),
        )
        flag_risk(tenancy, kind=RiskKind.RENT_ARREARS, agency=world.council, by=None)
        lead = (caseworker_user, outreach_user, None)[number % 3]
        set_lead_worker(tenancy.person, lead_worker=lead, by=None)
    with django_assert_max_num_queries(19):
        response = caseworker_client.get("/housing/tenancies/")
    assert len(response.context["rows"]) == 25
    assert len(caseworker_client.get("/housing/tenancies/?page=2").context["rows"]) == 5
