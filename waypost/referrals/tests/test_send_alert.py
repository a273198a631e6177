"""A member of the public sends an alert without signing in: it is stored, routed, and they get
a reference; a mistake keeps everything they typed."""

from datetime import date, timedelta
from decimal import Decimal

from waypost.referrals.models import Alert, AlertStatus
from waypost.referrals.tests.helpers import form_data


def test_the_form_asks_what_streetlink_asks_and_points_emergencies_to_999(client, db):
    page = client.get("/alerts/").content.decode()
    for question in (
        "Where do they sleep?",
        "Describe exactly where they sleep",
        "When did you last see them there?",
        "How often do you see them there?",
        "What do they look like?",
        "How old do they look?",
        "Their name, if you know it",
        "anything the outreach team should be aware of",
        "Who are you?",
        "Email me an update",
    ):
        assert question in page, question
    assert "call 999" in page
    assert "under 18" in page
    assert "contact the police on 101" in page
    assert 'name="latitude"' in page and 'type="hidden"' in page


def test_sending_an_alert_stores_it_and_shows_the_reference(client, areas, world):
    response = client.post("/alerts/", form_data())
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert response.url == f"/alerts/sent/{alert.reference}/"
    assert alert.partnership == world.coventry
    assert alert.status == AlertStatus.WAITING
    assert alert.postcode == "CV1 1LA"
    assert alert.street == "Hertford Street"
    assert alert.appearance.startswith("Man in a green coat")
    assert alert.seen_on == date.today() - timedelta(days=1)
    assert alert.alerter_email == "alerter@example.com"
    assert alert.wants_feedback
    assert alert.source == "web"

    page = client.get(response.url).content.decode()
    assert "Alert sent" in page
    assert alert.display_reference in page
    assert "call 999 now" in page
    # The confirmation shows nothing the alerter typed.
    for typed in ("Hertford", "green coat", "alerter@example.com", "Dave", "Coughing"):
        assert typed not in page


def test_the_device_location_is_kept_when_the_alerter_allows_it(client, areas):
    client.post("/alerts/", form_data(latitude="52.408123456", longitude="-1.510987"))
    alert = Alert.objects.get()
    assert alert.latitude == Decimal("52.40812")
    assert alert.longitude == Decimal("-1.51099")


def test_a_broken_location_is_explained_and_nothing_typed_is_lost(client, areas):
    response = client.post("/alerts/", form_data(latitude="north", longitude="-1.5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not use your device’s location" in page
    assert "In the doorway of Boots, opposite the bus stop" in page
    assert not Alert.objects.exists()


def test_the_email_is_not_kept_without_agreement_to_an_update(client, areas):
    client.post("/alerts/", form_data(wants_feedback=None, alerter_email=""))
    alert = Alert.objects.get()
    assert alert.alerter_email == ""
    assert not alert.wants_feedback


def test_missing_answers_are_listed_and_what_was_typed_is_kept(client, db):
    data = form_data(
        location_description="",
        appearance="",
        seen_time=None,
        how_often=None,
        age_range=None,
        gender=None,
        alerter_type=None,
        postcode="",
        town="",
        seen_on_0="",
        seen_on_1="",
        seen_on_2="",
    )
    response = client.post("/alerts/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page
    for message in (
        "Enter the description of where they sleep",
        "Enter the description of the person",
        "Enter the town, city or area, or the postcode",
        "Enter the date you last saw them there",
        "Choose the time of day, or Not sure",
        "Choose how often you see them there, or Not sure",
        "Choose how old they look, or Not sure",
        "Choose their gender, or Not sure",
        "Choose who you are",
    ):
        assert message in page, message
    # Typed answers stay in the form.
    assert 'value="Hertford Street"' in page
    assert 'value="Dave"' in page
    assert "Coughing badly" in page
    assert 'value="alerter@example.com"' in page
    assert not Alert.objects.exists()


def test_a_postcode_that_is_not_one_is_refused_with_an_example(client, db):
    page = client.post("/alerts/", form_data(postcode="XYZ")).content.decode()
    assert "Enter a real postcode, like CV1 2AB" in page
    assert not Alert.objects.exists()


def test_a_date_in_the_future_is_refused(client, db):
    tomorrow = date.today() + timedelta(days=1)
    data = form_data(
        seen_on_0=str(tomorrow.day), seen_on_1=str(tomorrow.month), seen_on_2=str(tomorrow.year)
    )
    page = client.post("/alerts/", data).content.decode()
    assert "must be today or in the past" in page


def test_asking_for_an_update_needs_an_email_and_an_email_needs_the_box_ticked(client, db):
    page = client.post("/alerts/", form_data(alerter_email="")).content.decode()
    assert "Enter your email address to get an update" in page
    page = client.post("/alerts/", form_data(wants_feedback=None)).content.decode()
    assert "Tick “Email me an update” if you want one" in page
    page = client.post("/alerts/", form_data(alerter_email="not an email")).content.decode()
    assert "Enter an email address in the correct format" in page
    assert not Alert.objects.exists()


def test_overlong_answers_say_how_long_they_may_be(client, db):
    page = client.post("/alerts/", form_data(appearance="x" * 1001)).content.decode()
    assert "The description of the person must be 1,000 characters or fewer" in page


def test_an_enormous_body_is_refused_with_a_plain_page(client, db):
    response = client.post("/alerts/", form_data(concerns="x" * 150_000))
    assert response.status_code == 413
    assert "Your alert is too long" in response.content.decode()
    assert not Alert.objects.exists()


def test_the_form_works_for_a_signed_in_member_of_staff_too(outreach_client, areas):
    response = outreach_client.post("/alerts/", form_data())
    assert response.status_code == 302
    assert Alert.objects.count() == 1
