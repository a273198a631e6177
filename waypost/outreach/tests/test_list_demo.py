"""The demo by-name list: seed_demo's people on the list with varied statuses and histories,
sightings that give the flows page new, continuing and returner people, some people with no
contact for weeks and some contacts not yet identified; made once however often it runs."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Partnership, Role, User
from waypost.outreach.flows import add_months, month_flows
from waypost.outreach.list_demo import DEMO_MARK, demo_people_of, seed_list_demo
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange, StreetContact
from waypost.testing.personas import mark_recently_authenticated


def _seed(partnership: Partnership) -> None:
    agencies = {agency.type: agency for agency in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_list_demo(partnership, agencies, users)


def test_the_demo_list_is_varied_and_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    coventry = Partnership.objects.get(slug="coventry")
    _seed(coventry)  # seed_demo has already seeded it once
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
    count = ours.count()
    _seed(coventry)
    assert ours.count() == count
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
