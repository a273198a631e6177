"""Coordinators and partnership admins keep landlords: add and change them (a stale form is
refused), record agreements, properties and incentive payments; everyone who reads sees the
list (filtered and paginated) and the landlord page with its totals."""

from datetime import date, timedelta

from django.utils import timezone

from waypost.housing import landlord_actions
from waypost.housing.landlord_access import financial_year_start
from waypost.housing.models import (
    AgreementKind,
    Incentive,
    IncentiveKind,
    Landlord,
    LandlordAgreement,
    LandlordKind,
    Property,
)
from waypost.housing.tests.test_tenancy_helpers import date_fields, house, make_home, make_landlord
from waypost.testing.people import make_person


def test_a_coordinator_adds_a_landlord(coordinator_client, world):
    response = coordinator_client.post(
        "/housing/landlords/new/",
        {
            "name": "  Whitefriars Housing ",
            "kind": LandlordKind.REGISTERED_PROVIDER,
            "contact_name": "Lettings team",
            "phone": "024 7676 7000",
            "email": "lettings@whitefriars.test",
            "notes": "Ring before 4pm",
        },
    )
    landlord = Landlord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/housing/landlords/{landlord.pk}/"
    assert landlord.name == "Whitefriars Housing"
    assert landlord.partnership == world.coventry
    page = coordinator_client.get(response["Location"])
    assert "Whitefriars Housing added." in page.content.decode()
    assert "lettings@whitefriars.test" in page.content.decode()


def test_the_landlord_form_says_what_is_wrong_and_keeps_what_was_typed(coordinator_client, world):
    make_landlord(world.coventry, "Orbit Homes")
    response = coordinator_client.post(
        "/housing/landlords/new/",
        {"name": "orbit homes", "kind": "", "email": "not an email", "phone": "07700 900123"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose what kind of landlord it is" in text
    assert "Enter an email address like name@example.com" in text
    assert 'value="07700 900123"' in text
    response = coordinator_client.post(
        "/housing/landlords/new/", {"name": "orbit homes", "kind": LandlordKind.PRIVATE}
    )
    assert "already has a landlord with this name" in response.content.decode()
    assert Landlord.objects.count() == 1


def test_a_stale_landlord_edit_is_refused(coordinator_client, admin_client, world):
    landlord = make_landlord(world.coventry)
    form = coordinator_client.get(f"/housing/landlords/{landlord.pk}/edit/")
    version = form.context["form"].initial["version"]
    # A partnership admin saves a change first.
    admin_client.post(
        f"/housing/landlords/{landlord.pk}/edit/",
        {
            "name": "Orbit Homes",
            "kind": LandlordKind.REGISTERED_PROVIDER,
            "phone": "024 7600 1111",
            "is_active": "on",
            "version": version,
        },
    )
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/edit/",
        {
            "name": "Orbit",
            "kind": LandlordKind.REGISTERED_PROVIDER,
            "is_active": "on",
            "version": version,
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this landlord" in response.content.decode()
    landlord.refresh_from_db()
    assert (landlord.name, landlord.phone) == ("Orbit Homes", "024 7600 1111")


def test_a_landlord_no_longer_used_is_kept_and_marked(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    version = landlord_actions.edit_version(landlord)
    coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/edit/",
        {"name": "Orbit Homes", "kind": LandlordKind.REGISTERED_PROVIDER, "version": version},
    )
    landlord.refresh_from_db()
    assert landlord.is_active is False
    assert "No longer used" in coordinator_client.get("/housing/landlords/").content.decode()


def test_agreements_are_recorded_and_shown_as_in_force_or_ended(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    today = timezone.localdate()
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/agreements/new/",
        {"kind": AgreementKind.NO_EXCLUSION, **date_fields("agreed_on", today), "notes": ""},
    )
    assert response.status_code == 302
    landlord_actions.add_agreement(
        landlord,
        kind=AgreementKind.DEPOSIT_GUARANTEE,
        agreed_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=35),
        by=None,
    )
    page = coordinator_client.get(f"/housing/landlords/{landlord.pk}/")
    assert [a.kind for a in page.context["page"].current_agreements] == ["no_exclusion"]
    assert [a.kind for a in page.context["page"].ended_agreements] == ["deposit_guarantee"]


def test_an_agreement_cannot_end_before_it_was_agreed(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    today = timezone.localdate()
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/agreements/new/",
        {
            "kind": AgreementKind.HOUSING_FIRST,
            **date_fields("agreed_on", today),
            **date_fields("ends_on", today - timedelta(days=1)),
        },
    )
    assert "The end date must be the same as or after" in response.content.decode()
    assert not LandlordAgreement.objects.exists()


def test_properties_are_added_and_changed(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/properties/new/",
        {
            "address": "Flat 4, 12 Spon Street\nCoventry",
            "postcode": "cv1 3ba",
            "area": "Spon End",
            "bedrooms": "1",
            "step_free": "on",
            "is_available": "on",
        },
    )
    assert response.status_code == 302
    home = Property.objects.get()
    assert (home.postcode, home.step_free, home.is_available) == ("CV1 3BA", True, True)
    assert home.partnership == world.coventry
    form = coordinator_client.get(f"/housing/properties/{home.pk}/edit/")
    version = form.context["form"].initial["version"]
    fields = {"address": home.address, "postcode": "CV1 3BA", "bedrooms": "2", "version": version}
    assert (
        coordinator_client.post(f"/housing/properties/{home.pk}/edit/", fields).status_code == 302
    )
    home.refresh_from_db()
    assert (home.bedrooms, home.step_free, home.is_available) == (2, False, False)
    # The same form again is stale now.
    response = coordinator_client.post(f"/housing/properties/{home.pk}/edit/", fields)
    assert "Someone else changed this property" in response.content.decode()


def test_property_mistakes_get_clear_messages(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/properties/new/",
        {"address": "", "postcode": "not a postcode", "bedrooms": "eleven"},
    )
    text = response.content.decode()
    assert "Enter the address" in text
    assert "Enter a real postcode, like CV1 2AB, or leave it blank" in text
    assert "Enter the number of bedrooms using numbers, like 1" in text
    assert not Property.objects.exists()


def test_an_incentive_is_recorded_in_pence(coordinator_client, world, coordinator_user):
    landlord = make_landlord(world.coventry)
    home = make_home(landlord)
    today = timezone.localdate()
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/incentives/new/",
        {
            "kind": IncentiveKind.DEPOSIT,
            "amount": "£1,250.50",
            **date_fields("paid_on", today),
            "home": str(home.pk),
        },
    )
    assert response.status_code == 302
    incentive = Incentive.objects.get()
    assert incentive.amount_pence == 125050
    assert incentive.property == home
    assert incentive.recorded_by_agency == world.council
    assert incentive.recorded_by == coordinator_user
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Payment of £1,250.50 recorded." in page


def test_a_bad_amount_is_refused_and_the_rest_kept(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    today = timezone.localdate()
    for amount, message in [
        ("-10", "Enter an amount more than £0"),
        ("0", "Enter an amount more than £0"),
        ("10.505", "no more than 2 numbers after the decimal point"),
        ("100000.01", "The amount must be £100,000 or less"),
        ("ten pounds", "Enter the amount in pounds and pence using numbers"),
    ]:
        response = coordinator_client.post(
            f"/housing/landlords/{landlord.pk}/incentives/new/",
            {"kind": IncentiveKind.FINDERS_FEE, "amount": amount, **date_fields("paid_on", today)},
        )
        text = response.content.decode()
        assert message in text, amount
        assert f'value="{amount}"' in text
    tomorrow = today + timedelta(days=1)
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/incentives/new/",
        {"kind": IncentiveKind.FINDERS_FEE, "amount": "100", **date_fields("paid_on", tomorrow)},
    )
    assert "The date it was paid must be today or in the past" in response.content.decode()
    assert not Incentive.objects.exists()


def test_another_landlords_property_cannot_be_chosen(coordinator_client, world):
    landlord = make_landlord(world.coventry)
    other = make_home(make_landlord(world.coventry, "Citizen Housing"))
    today = timezone.localdate()
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/incentives/new/",
        {
            "kind": IncentiveKind.DEPOSIT,
            "amount": "100",
            **date_fields("paid_on", today),
            "home": str(other.pk),
        },
    )
    # This landlord has no properties, so the question is not even asked.
    assert response.status_code == 302
    assert Incentive.objects.get().property is None
    make_home(landlord)
    response = coordinator_client.post(
        f"/housing/landlords/{landlord.pk}/incentives/new/",
        {
            "kind": IncentiveKind.DEPOSIT,
            "amount": "100",
            **date_fields("paid_on", today),
            "home": str(other.pk),
        },
    )
    assert "Choose one of this landlord&#x27;s properties" in response.content.decode()


def test_the_landlord_page_totals_this_financial_year_and_all_time(caseworker_client, world):
    landlord = make_landlord(world.coventry)
    home = make_home(landlord)
    make_home(landlord, address="Flat 2, 2 Spon Street", is_available=False)
    today = timezone.localdate()
    year_start = financial_year_start(today)
    for pence, paid_on in [
        (25000, today),
        (10050, year_start),
        (99999, year_start - timedelta(days=1)),  # last financial year
    ]:
        landlord_actions.record_incentive(
            landlord,
            kind=IncentiveKind.FINDERS_FEE,
            amount_pence=pence,
            paid_on=paid_on,
            agency=world.council,
            by=None,
        )
    house(make_person(world.council), world.council, home=home)
    response = caseworker_client.get(f"/housing/landlords/{landlord.pk}/")
    page = response.context["page"]
    assert page.total_this_year == "£350.50"
    assert page.total_all_time == "£1,350.49"
    assert page.incentive_count == 3
    assert (page.current_tenancies, page.all_tenancies) == (1, 1)
    assert [row.status for row in page.properties] == ["Let", "Not available"]
    text = response.content.decode()
    assert "£350.50" in text and "£1,350.49" in text
    # Caseworkers read: no links to change anything.
    assert "Record an incentive payment" not in text
    assert f"/housing/landlords/{landlord.pk}/edit/" not in text


def test_the_list_filters_by_kind_and_agreement_in_force(caseworker_client, world):
    today = timezone.localdate()
    orbit = make_landlord(world.coventry, "Orbit Homes")
    council = make_landlord(world.coventry, "Coventry City Council", LandlordKind.COUNCIL)
    private = make_landlord(world.coventry, "A. Patel", LandlordKind.PRIVATE)
    landlord_actions.add_agreement(
        orbit, kind=AgreementKind.NO_EXCLUSION, agreed_on=date(2024, 1, 1), by=None
    )
    landlord_actions.add_agreement(
        private,
        kind=AgreementKind.NO_EXCLUSION,
        agreed_on=date(2024, 1, 1),
        ends_on=today - timedelta(days=1),  # ended
        by=None,
    )
    make_landlord(world.birmingham, "Birmingham Landlord")

    def names(query):
        response = caseworker_client.get(f"/housing/landlords/{query}")
        return [landlord.name for landlord in response.context["page_obj"].object_list]

    assert names("") == ["A. Patel", "Coventry City Council", "Orbit Homes"]
    assert names("?kind=council") == ["Coventry City Council"]
    assert names("?agreement=no_exclusion") == ["Orbit Homes"]
    assert names("?kind=council&agreement=no_exclusion") == []
    assert council.pk  # listed above


def test_the_list_paginates_in_a_fixed_number_of_queries(
    caseworker_client, world, django_assert_max_num_queries
):
    for number in range(30):
        landlord = make_landlord(world.coventry, f"Landlord {number:02d}")
        make_home(landlord)
        landlord_actions.add_agreement(
            landlord, kind=AgreementKind.UNIVERSAL_CREDIT, agreed_on=date(2024, 1, 1), by=None
        )
    with django_assert_max_num_queries(12):
        response = caseworker_client.get("/housing/landlords/")
    assert len(response.context["page_obj"].object_list) == 25
    assert "Accepts tenants on Universal Credit" in response.content.decode()
    second = caseworker_client.get("/housing/landlords/?page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_the_landlord_page_reads_in_a_fixed_number_of_queries(
    caseworker_client, world, django_assert_max_num_queries
):
    landlord = make_landlord(world.coventry)
    for number in range(10):
        home = make_home(landlord, address=f"Flat {number}, Spon Street")
        landlord_actions.record_incentive(
            landlord,
            kind=IncentiveKind.DEPOSIT,
            amount_pence=1000 + number,
            paid_on=timezone.localdate(),
            home=home,
            agency=world.council,
            by=None,
        )
    with django_assert_max_num_queries(15):
        response = caseworker_client.get(f"/housing/landlords/{landlord.pk}/")
    assert len(response.context["incentives"]) == 10
