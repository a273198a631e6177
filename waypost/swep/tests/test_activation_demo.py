"""The demo SWEP is seeded once however often seed_demo runs: settings with public help, a
week of forecasts with one night at −2 °C, a past activation, and SWEP active in Coventry from
tonight (so the banner shows)."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Partnership, Role, User
from waypost.swep.activation_demo import seed_swep_demo
from waypost.swep.models import (
    Activation,
    ActivationStatus,
    CascadeMessage,
    Forecast,
    RotaMember,
    SwepSettings,
)
from waypost.swep.tasks import alert_coordinators


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_swep_demo(partnership, agencies, users)


def test_the_demo_swep_is_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)

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
