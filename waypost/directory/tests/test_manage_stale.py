"""Services not checked for six months are flagged to their agency (or, with no agency, to the
partnership's coordinators) once per lapse: not again until someone checks the service and it
lapses again."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.directory.manage_actions import mark_service_checked
from waypost.directory.models import STALE_AFTER_DAYS, Service, ServiceStatus
from waypost.directory.stale_tasks import flag_stale_services, tell_about_stale_services
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    charity_service_fixture,
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.notifications.models import Notification, OutboxMessage
from waypost.testing.directory import make_service
from waypost.testing.personas import make_user


def _lapse(service, days=STALE_AFTER_DAYS + 1):
    Service.objects.filter(pk=service.pk).update(
        last_checked_at=timezone.now() - timedelta(days=days)
    )


def test_the_agencys_keepers_are_told_once_per_lapse(
    world, outreach_user, outreach_service, commissioner_user
):
    colleague = make_user("caseworker@outreach.test", agency=world.outreach, role=Role.CASEWORKER)
    make_user("commissioner@outreach.test", agency=world.outreach, role=Role.COMMISSIONER)
    _lapse(outreach_service)

    assert flag_stale_services.call() == 2
    told = Notification.objects.order_by("user__email")
    assert [n.user for n in told] == [colleague, outreach_user]  # not the commissioner
    note = told[0]
    assert note.title == "A directory entry needs checking"
    assert "Street outreach drop-in has not been checked for 6 months" in note.body
    assert note.link == "/directory/manage/?needs_check=1"
    assert OutboxMessage.objects.filter(to_address=outreach_user.email).count() == 1
    service = Service.objects.get(pk=outreach_service.pk)
    assert service.stale_notified_at is not None

    # The next day's run tells nobody: this lapse has been flagged.
    assert tell_about_stale_services(timezone.now() + timedelta(days=1)) == 0
    assert Notification.objects.count() == 2

    # Checked, then lapsed again: flagged again.
    mark_service_checked(service, by=outreach_user)
    assert tell_about_stale_services() == 0
    later = timezone.now() + timedelta(days=STALE_AFTER_DAYS + 1)
    assert tell_about_stale_services(later) == 2
    assert Notification.objects.count() == 4


def test_a_service_checked_recently_or_closed_for_good_is_not_flagged(
    world, outreach_user, outreach_service, outreach_org
):
    _lapse(outreach_service, STALE_AFTER_DAYS - 1)
    gone = make_service(world.coventry, "Old soup run", organization=outreach_org)
    Service.objects.filter(pk=gone.pk).update(status=ServiceStatus.DEFUNCT)
    _lapse(gone, 500)
    assert tell_about_stale_services() == 0
    assert not Notification.objects.exists()


def test_an_organisation_with_no_agency_is_flagged_to_the_coordinators(
    coordinator_user, admin_user, charity_service, world
):
    brum_coordinator = make_user(
        "coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    _lapse(charity_service)
    assert tell_about_stale_services() == 1
    note = Notification.objects.get()
    assert note.user == coordinator_user and note.user != brum_coordinator
    assert "St Michael's Food Bank: Saturday food bank has not been checked" in note.body


def test_several_services_are_one_notification(world, outreach_user, outreach_org):
    for n in range(12):
        _lapse(make_service(world.coventry, f"Service {n:02d}", organization=outreach_org))
    assert tell_about_stale_services() == 1
    note = Notification.objects.get()
    assert note.title == "12 directory entries need checking"
    assert "Service 00, Service 01" in note.body and "and 2 more have not been checked" in note.body


def test_the_email_names_the_services_and_links_to_the_list(
    settings, outreach_user, outreach_service
):
    settings.WAYPOST_BASE_URL = "https://waypost.example"
    _lapse(outreach_service)
    tell_about_stale_services()
    message = OutboxMessage.objects.get()
    assert message.subject == "A directory entry needs checking"
    assert "https://waypost.example/directory/manage/?needs_check=1" in message.body
    assert not mail.outbox  # delivered later by the worker, from the outbox


def test_the_list_page_shows_the_flagged_service(outreach_client, outreach_service):
    _lapse(outreach_service)
    tell_about_stale_services()
    page = outreach_client.get("/directory/manage/?needs_check=1").text
    assert "Street outreach drop-in" in page and "Not checked for 6 months" in page


def test_the_task_is_queued_with_nothing_in_it(db):
    result = flag_stale_services.enqueue()
    assert list(result.args) == [] and dict(result.kwargs) == {}
