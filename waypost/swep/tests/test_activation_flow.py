"""An activation's life through the pages: proposed from a forecast (pre-filled), activated
(the cascade goes out), refused when stale or when another is active, not activated with a
reason, ended (the "ended" cascade), and started by hand."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from waypost.notifications.models import OutboxMessage
from waypost.swep.activation_actions import ALREADY_ACTIVE, CONFLICT_MESSAGE
from waypost.swep.models import (
    Activation,
    ActivationKind,
    ActivationStatus,
    CascadeMessage,
    Forecast,
    ForecastSource,
)
from waypost.swep.tests.test_activation_access import _post_form, make_activation


def forecast(partnership, night: date, minimum: str, **fields) -> Forecast:
    return Forecast.objects.create(
        partnership=partnership,
        night=night,
        min_temp_c=Decimal(minimum),
        source=ForecastSource.MANUAL,
        **fields,
    )


def _page(response) -> str:
    return response.content.decode()


def test_a_proposal_is_pre_filled_from_the_forecast_nights_in_a_row(world, coordinator_client):
    today = timezone.localdate()
    first = forecast(world.coventry, today + timedelta(days=1), "-1.0")
    forecast(world.coventry, today + timedelta(days=2), "-3.0", feels_like_min_c=Decimal("-6"))
    forecast(world.coventry, today + timedelta(days=3), "2.0")  # the spell ends here
    forecast(world.coventry, today + timedelta(days=4), "-1.0")

    page = _page(coordinator_client.get(reverse("swep:propose") + f"?forecast={first.pk}"))

    form = page[page.index("<form") :]
    assert 'value="cold" checked' in form or 'checked value="cold"' in form or "checked" in form
    start = today + timedelta(days=1)
    end = today + timedelta(days=3)  # the morning after the second night
    assert f'name="starts_on_0" value="{start.day}"' in form
    assert f'name="ends_on_0" value="{end.day}"' in form
    assert 'name="starts_time" value="18:00"' in form
    assert 'name="ends_time" value="09:00"' in form
    assert "Forecast minimum \u22121.0 °C, at or below 0.0 °C" in form
    assert "Forecast “feels like” minimum \u22126.0 °C" in form
    assert form.count("Forecast minimum") == 2  # not the fourth night, after the break


def test_a_forecast_of_another_partnership_is_not_found(world, coordinator_client):
    elsewhere = forecast(world.birmingham, timezone.localdate(), "-1.0")
    response = coordinator_client.get(reverse("swep:propose") + f"?forecast={elsewhere.pk}")
    assert response.status_code == 404
    assert coordinator_client.get(reverse("swep:propose") + "?forecast=nonsense").status_code == 404


def test_propose_then_activate_runs_the_cascade(
    world, coordinator_client, commissioner_client, caseworker_user, outreach_user
):
    response = coordinator_client.post(reverse("swep:propose"), _post_form())
    proposal = Activation.objects.get()
    assert response.url == reverse("swep:activation", args=[proposal.pk])
    # Proposing tells nobody outside.
    assert not CascadeMessage.objects.exists()
    assert not OutboxMessage.objects.exists()

    page = _page(commissioner_client.get(response.url))
    assert "Activate SWEP" in page
    response = commissioner_client.post(
        reverse("swep:activate", args=[proposal.pk]), {"version": proposal.version}, follow=True
    )

    assert "SWEP is active in Coventry. Partners are being told." in _page(response)
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.ACTIVE
    told = set(CascadeMessage.objects.values_list("address", flat=True))
    assert {caseworker_user.email, outreach_user.email} <= told
    assert "Who has been told" in _page(response)


def test_a_stale_activation_is_refused_with_a_clear_message(world, coordinator_client):
    proposal = make_activation(world.coventry)
    Activation.objects.filter(pk=proposal.pk).update(version=2)  # someone else changed it

    response = coordinator_client.post(
        reverse("swep:activate", args=[proposal.pk]), {"version": 1}, follow=True
    )

    assert CONFLICT_MESSAGE in _page(response)
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.PROPOSED


def test_only_one_activation_is_active_at_a_time(world, coordinator_client, admin_client):
    make_activation(world.coventry, status=ActivationStatus.ACTIVE, activated_at=timezone.now())
    proposal = make_activation(world.coventry)

    response = admin_client.post(
        reverse("swep:activate", args=[proposal.pk]), {"version": 1}, follow=True
    )

    assert ALREADY_ACTIVE.format(place="Coventry") in _page(response)
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.PROPOSED
    assert not CascadeMessage.objects.filter(activation=proposal).exists()
    # Starting by hand is refused in the same words, on the form.
    response = coordinator_client.post(reverse("swep:start"), _post_form())
    assert response.status_code == 200
    assert ALREADY_ACTIVE.format(place="Coventry") in _page(response)
    assert Activation.objects.filter(status=ActivationStatus.ACTIVE).count() == 1
    # Another partnership is not affected.
    assert make_activation(world.birmingham, status=ActivationStatus.ACTIVE).pk


def test_not_activating_needs_a_reason_and_keeps_what_was_typed(world, commissioner_client):
    proposal = make_activation(world.coventry)
    url = reverse("swep:not_activate", args=[proposal.pk])

    response = commissioner_client.post(url, {"version": 1, "note": "   "})
    assert "Enter why SWEP is not being activated" in _page(response)

    commissioner_client.post(url, {"version": 1, "note": "It will be 3 °C after all."})
    proposal.refresh_from_db()
    assert proposal.status == ActivationStatus.NOT_ACTIVATED
    page = _page(commissioner_client.get(reverse("swep:activation", args=[proposal.pk])))
    assert "It will be 3 °C after all." in page
    assert "Decided not to activate" in page
    # A decided proposal cannot be activated after all.
    response = commissioner_client.post(
        reverse("swep:activate", args=[proposal.pk]), {"version": proposal.version}, follow=True
    )
    assert "Only a proposed activation can be activated" in _page(response)


def test_ending_tells_everyone_it_has_ended(world, coordinator_client, caseworker_user):
    coordinator_client.post(reverse("swep:start"), _post_form())
    active = Activation.objects.get()
    started = CascadeMessage.objects.filter(event="started").count()
    assert started > 0

    coordinator_client.post(reverse("swep:end", args=[active.pk]), {"version": active.version})

    active.refresh_from_db()
    assert active.status == ActivationStatus.ENDED
    ended = CascadeMessage.objects.filter(event="ended")
    assert ended.count() == started
    message = OutboxMessage.objects.get(pk=ended.get(address=caseworker_user.email).outbox_id)
    assert message.subject == "SWEP has ended in Coventry"
    # Ending twice is refused.
    response = coordinator_client.post(
        reverse("swep:end", args=[active.pk]), {"version": active.version}, follow=True
    )
    assert "Only an active activation can be ended" in _page(response)


def test_the_form_says_what_is_wrong_and_keeps_the_input(world, coordinator_client):
    data = _post_form()
    data.update(ends_on_0=data["starts_on_0"], ends_on_1=data["starts_on_1"], ends_time="17:00")
    data["reasons"] = "Freezing fog"
    data["starts_time"] = "25:00"

    page = _page(coordinator_client.post(reverse("swep:propose"), data))

    assert "Enter the time like 09:30, using the 24-hour clock" in page
    assert "Freezing fog" in page
    data["starts_time"] = "18:00"
    page = _page(coordinator_client.post(reverse("swep:propose"), data))
    assert "The expected end must be after the start" in page
    assert not Activation.objects.exists()


def test_the_home_page_shows_status_forecasts_proposals_and_history(
    world, coordinator_client, caseworker_client
):
    today = timezone.localdate()
    forecast(world.coventry, today, "-1.0", snow=True)
    forecast(world.coventry, today + timedelta(days=1), "3.0", ice=True)
    proposal = make_activation(
        world.coventry,
        starts_at=timezone.now() + timedelta(days=5),
        expected_end_at=timezone.now() + timedelta(days=6),
    )
    make_activation(
        world.coventry,
        status=ActivationStatus.ENDED,
        starts_at=timezone.now() - timedelta(days=30),
        expected_end_at=timezone.now() - timedelta(days=28),
        ended_at=timezone.now() - timedelta(days=28),
        kind=ActivationKind.HEAT,
    )

    page = _page(coordinator_client.get(reverse("swep:home")))

    assert "SWEP is not active in Coventry" in page
    assert "Forecast crosses a trigger: propose an activation." in page
    assert f"?forecast={Forecast.objects.get(night=today).pk}" in page
    assert "Snow" in page and "Ice" in page
    assert "Proposals awaiting a decision" in page
    assert reverse("swep:activation", args=[proposal.pk]) in page
    assert "Heat from" in page  # the past activation
    assert "no recourse to public funds" in page or "recourse to public funds" in page
    # A caseworker sees it all but is not offered the coordinator's buttons.
    page = _page(caseworker_client.get(reverse("swep:home")))
    assert "Forecast crosses a trigger" in page
    assert reverse("swep:forecast_new") not in page
    assert "A coordinator can propose an activation." in page


def test_a_covered_night_needs_no_decision(world, coordinator_client):
    today = timezone.localdate()
    forecast(world.coventry, today, "-1.0")
    make_activation(world.coventry)  # proposed, from tonight

    page = _page(coordinator_client.get(reverse("swep:home")))

    assert "Forecast crosses a trigger" not in page
    assert "Proposed" in page


def test_the_home_page_costs_a_fixed_number_of_queries(
    world, coordinator_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    for days in range(10):
        forecast(world.coventry, today + timedelta(days=days), "-1.0")
    past = {
        "status": ActivationStatus.ENDED,
        "starts_at": timezone.now() - timedelta(days=40),
        "expected_end_at": timezone.now() - timedelta(days=39),
    }
    make_activation(world.coventry, **past)
    coordinator_client.get(reverse("swep:home"))  # warm the session
    with django_assert_max_num_queries(16) as few:
        coordinator_client.get(reverse("swep:home"))
    for _ in range(30):
        make_activation(world.coventry, **past)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _page(coordinator_client.get(reverse("swep:home")))
    assert 'aria-label="Page 2"' in page
