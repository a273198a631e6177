"""The way to the sweep at night: the SWEP page and the activation page lead front-line staff
to tonight's sweep, and figures roles to the report, and nobody to a page they cannot open."""

from django.urls import reverse

from waypost.swep.models import ActivationStatus
from waypost.swep.tests.test_sweep_helpers import make_activation


def test_outreach_go_from_the_swep_page_to_tonights_sweep(world, outreach_client):
    activation = make_activation(world.coventry)
    page = outreach_client.get(reverse("swep:home")).content.decode()
    sweep = reverse("swep:sweep", args=[activation.pk])
    assert sweep in page
    assert outreach_client.get(sweep).status_code == 200


def test_the_activation_page_links_the_sweep_and_the_report(world, outreach_client):
    activation = make_activation(world.coventry)
    page = outreach_client.get(reverse("swep:activation", args=[activation.pk])).content.decode()
    assert reverse("swep:sweep", args=[activation.pk]) in page
    assert reverse("swep:report", args=[activation.pk]) in page


def test_a_commissioner_is_offered_the_report_but_not_the_sweep(world, commissioner_client):
    activation = make_activation(world.coventry)
    page = commissioner_client.get(reverse("swep:activation", args=[activation.pk]))
    html = page.content.decode()
    assert reverse("swep:sweep", args=[activation.pk]) not in html
    report = reverse("swep:report", args=[activation.pk])
    assert report in html
    assert commissioner_client.get(report).status_code == 200
    assert reverse("swep:sweep", args=[activation.pk]) not in (
        commissioner_client.get(reverse("swep:home")).content.decode()
    )


def test_a_proposal_has_no_sweep_yet(world, coordinator_client):
    proposal = make_activation(world.coventry, status=ActivationStatus.PROPOSED)
    html = coordinator_client.get(reverse("swep:activation", args=[proposal.pk])).content.decode()
    assert reverse("swep:sweep", args=[proposal.pk]) not in html
    assert reverse("swep:report", args=[proposal.pk]) not in html
