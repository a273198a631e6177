"""The by-name list page: everyone currently known, with status (and "No contact for N days"),
lead worker, tier and last contact; filters, sorting and pages; a bounded number of queries;
and every row shown recorded in the access log.

The fixtures here are shared by the other by-name list tests."""

import html as html_lib
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import User
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus, OutreachSettings
from waypost.people.actions import set_lead_worker
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for

URL = reverse("outreach:list")


def table_rows(html: str, table_id: str = "by-name-list") -> list[list[str]]:
    """The table's body rows as lists of cell texts (tags dropped, spaces squeezed)."""
    if f'id="{table_id}"' not in html:
        return []
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        rows.append([_text(cell) for cell in cells])
    return rows


def _text(fragment: str) -> str:
    without_hidden = re.sub(
        r'<span class="govuk-visually-hidden">.*?</span>', "", fragment, flags=re.DOTALL
    )
    text = re.sub(r"<br>", " | ", without_hidden)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html_lib.unescape(text).split())


def names(html: str) -> list[str]:
    return [row[0].split(" | ")[0] for row in table_rows(html)]


def on_list(
    person: Person,
    status: str,
    *,
    agency,
    days_ago: int = 10,
    last_contact_days: int | None = None,
    tier: int | None = None,
    lead: User | None = None,
) -> ByNameEntry:
    now = timezone.now()
    with transaction.atomic():  # as its callers do (and browser tests run outside one)
        entry = put_on_list(
            person, status, agency=agency, by=None, at=now - timedelta(days=days_ago)
        )
    last = now - timedelta(days=last_contact_days) if last_contact_days is not None else None
    ByNameEntry.objects.filter(pk=entry.pk).update(last_contact_at=last, tier=tier)
    if lead is not None:
        set_lead_worker(person, lead_worker=lead, by=None)
    entry.refresh_from_db()
    return entry


@dataclass
class ListWorld:
    shared: Person  # outreach recorded; everything shared with every agency
    unshared: Person  # outreach recorded; nothing shared
    council_own: Person  # the council recorded; nothing shared
    housed: Person  # shared, and housed: a closed status
    restricted: Person
    merged: Person
    brum: Person


@pytest.fixture
def the_list(world, caseworker_user, outreach_user) -> ListWorld:
    return build_list(world, caseworker_user, outreach_user)


def build_list(world, caseworker_user, outreach_user) -> ListWorld:
    """Coventry's list as the tests expect it; the hospital has not signed the agreement."""
    sign_agreement_for(world.council, world.outreach)
    shared = make_person(world.outreach, given_name="Sam", family_name="Shared")
    give_consent(shared, by=outreach_user, agency=world.outreach)
    on_list(shared, ListStatus.ROUGH_SLEEPING, agency=world.outreach, days_ago=20,
            last_contact_days=2, tier=1, lead=outreach_user)  # fmt: skip
    unshared = make_person(world.outreach, given_name="Una", family_name="Unshared")
    on_list(unshared, ListStatus.HOSPITAL, agency=world.outreach, days_ago=60,
            last_contact_days=40, tier=2, lead=outreach_user)  # fmt: skip
    council_own = make_person(world.council, given_name="Cal", family_name="Council")
    on_list(council_own, ListStatus.EMERGENCY, agency=world.council, days_ago=5,
            tier=None, lead=caseworker_user)  # fmt: skip
    housed = make_person(world.outreach, given_name="Hal", family_name="Housed")
    give_consent(housed, by=outreach_user, agency=world.outreach)
    on_list(housed, ListStatus.HOUSED, agency=world.outreach, days_ago=3, last_contact_days=3)
    restricted = make_person(world.outreach, given_name="Rita", family_name="Restricted")
    give_consent(restricted, by=outreach_user, agency=world.outreach)
    on_list(restricted, ListStatus.ROUGH_SLEEPING, agency=world.outreach)
    Person.objects.filter(pk=restricted.pk).update(restricted_at=timezone.now())
    merged = make_person(world.outreach, given_name="Mo", family_name="Merged")
    give_consent(merged, by=outreach_user, agency=world.outreach)
    on_list(merged, ListStatus.ROUGH_SLEEPING, agency=world.outreach)
    Person.objects.filter(pk=merged.pk).update(merged_into=shared, merged_at=timezone.now())
    brum = make_person(world.brum_council, given_name="Bea", family_name="Brum")
    on_list(brum, ListStatus.ROUGH_SLEEPING, agency=world.brum_council)
    return ListWorld(shared, unshared, council_own, housed, restricted, merged, brum)


def test_outreach_sees_everyone_currently_known_longest_without_contact_first(
    outreach_client, the_list
):
    html = outreach_client.get(URL).content.decode()
    assert "3 people" in html
    assert table_rows(html) == [
        [
            "Una Unshared",
            "In hospital | since " + _day(60) + " | No contact for 40 days | Change",
            "Outreach.Worker | Coventry Outreach",
            "Tier 2",
            _day(40),
        ],
        [
            "Sam Shared",
            "Sleeping rough | since " + _day(20) + " | Change",
            "Outreach.Worker | Coventry Outreach",
            "Tier 1",
            _day(2),
        ],
        # Recorded and put on the list by the council, and not shared: last, whatever the sort.
        [
            "Details not shared | Ask their lead worker",
            "Not shared",
            "Caseworker | Coventry Housing Options",
            "Not shared",
            "Not shared",
        ],
    ]
    # Housed (closed), restricted, merged and Birmingham's people are not on it.
    for name in ("Hal Housed", "Rita", "Mo Merged", "Bea Brum"):
        assert name not in html


def _day(days_ago: int) -> str:
    return f"{timezone.localtime(timezone.now() - timedelta(days=days_ago)):%-d %b %Y}"


def test_no_contact_follows_the_partnerships_setting(outreach_client, the_list, world):
    OutreachSettings.objects.create(partnership=world.coventry, no_contact_days=50)
    rows = table_rows(outreach_client.get(URL).content.decode())
    assert not any("No contact for" in row[1] for row in rows)
    OutreachSettings.objects.filter(partnership=world.coventry).update(no_contact_days=2)
    rows = table_rows(outreach_client.get(URL).content.decode())
    assert "No contact for 40 days" in rows[0][1]
    assert "No contact for 2 days" in rows[1][1]


def test_someone_never_met_counts_from_when_they_were_put_on_the_list(
    coordinator_client, the_list, world
):
    OutreachSettings.objects.create(partnership=world.coventry, no_contact_days=5)
    rows = table_rows(coordinator_client.get(URL).content.decode())
    council = next(row for row in rows if row[0] == "Cal Council")
    assert "No contact for 5 days" in council[1]
    assert council[4] == "None recorded"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "hospital"}, ["Una Unshared"]),
        ({"status": ["housed", "rough_sleeping"]}, ["Hal Housed", "Sam Shared"]),
        ({"tier": "1"}, ["Sam Shared"]),
        ({"tier": ["2", "none"]}, ["Una Unshared"]),
        ({"no_contact": "on"}, ["Una Unshared"]),
        ({"mine": "on"}, ["Sam Shared", "Una Unshared"]),
        ({"status": "rough_sleeping", "mine": "on"}, ["Sam Shared"]),
    ],
)
def test_outreach_filters_the_list(outreach_client, the_list, query, expected):
    html = outreach_client.get(URL, {**query, "sort": "name"}).content.decode()
    assert names(html) == expected


def test_filter_by_the_lead_workers_agency(coordinator_client, the_list, world):
    html = coordinator_client.get(URL, {"agency": str(world.council.pk)}).content.decode()
    assert names(html) == ["Cal Council"]
    html = coordinator_client.get(URL, {"agency": str(world.outreach.pk)}).content.decode()
    assert sorted(names(html)) == ["Details not shared", "Sam Shared"]
    assert "Filtered by: Lead worker at Coventry Outreach" in html


def test_filters_never_pick_out_a_row_by_what_the_user_cannot_see(coordinator_client, the_list):
    # The coordinator cannot see Una's status or tier (Coventry Outreach's, not shared).
    for query in ({"status": "hospital"}, {"tier": "2"}, {"no_contact": "on"}):
        html = coordinator_client.get(URL, query).content.decode()
        assert table_rows(html) == [], query
        assert "No one on the list matches these filters." in html


def test_nonsense_filters_are_ignored(outreach_client, the_list):
    html = outreach_client.get(
        URL, {"status": "asleep", "tier": "9", "agency": "x", "sort": "shoe", "page": "z"}
    ).content.decode()
    assert len(table_rows(html)) == 3


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "asc", ["Details not shared", "Sam Shared", "Una Unshared"]),
        ("name", "desc", ["Una Unshared", "Sam Shared", "Details not shared"]),
        ("tier", "asc", ["Sam Shared", "Una Unshared", "Details not shared"]),
        ("status_since", "desc", ["Sam Shared", "Una Unshared", "Details not shared"]),
        ("last_contact", "desc", ["Sam Shared", "Una Unshared", "Details not shared"]),
    ],
)
def test_outreach_sorts_the_list(outreach_client, the_list, sort, order, expected):
    html = outreach_client.get(URL, {"sort": sort, "order": order}).content.decode()
    # Rows whose sorted column the user cannot see come last, whatever the order.
    got = names(html)
    if sort == "name":  # the hidden name sorts last, so "Details not shared" is last too
        expected = [n for n in expected if n != "Details not shared"] + ["Details not shared"]
    assert got == expected


def test_column_headings_link_to_the_other_order_and_say_how_it_is_sorted(
    outreach_client, the_list
):
    html = outreach_client.get(URL, {"sort": "name", "status": "hospital"}).content.decode()
    assert (
        'aria-sort="ascending"><a class="govuk-link" href="?status=hospital&amp;sort=name'
        '&amp;order=desc">Name <span aria-hidden="true">▲</span></a>'
    ) in html
    assert 'aria-sort="none"><a class="govuk-link" href="?status=hospital&amp;sort=tier' in html


def test_the_list_has_pages_that_keep_the_filters(outreach_client, the_list, world):
    for n in range(30):
        person = make_person(world.outreach, given_name=f"Page{n:02d}", family_name="Person")
        on_list(person, ListStatus.AT_RISK, agency=world.outreach, last_contact_days=1)
    html = outreach_client.get(URL, {"status": "at_risk", "sort": "name"}).content.decode()
    assert "30 people match the filters" in html
    assert len(table_rows(html)) == 25
    assert 'href="?status=at_risk&amp;sort=name&amp;order=asc&amp;page=2"' in html
    html = outreach_client.get(
        URL, {"status": "at_risk", "sort": "name", "page": "2"}
    ).content.decode()
    assert names(html) == [f"Page{n:02d} Person" for n in range(25, 30)]


def test_each_row_shown_is_in_the_access_log(outreach_client, outreach_user, the_list):
    outreach_client.get(URL)
    events = AccessEvent.objects.filter(user=outreach_user, route="outreach:list")
    assert {(e.person_id, e.section, e.channel) for e in events} == {
        (the_list.shared.pk, Section.IDENTITY, Channel.PAGE),
        (the_list.shared.pk, Section.CONTACT, Channel.PAGE),
        (the_list.unshared.pk, Section.IDENTITY, Channel.PAGE),
        (the_list.unshared.pk, Section.CONTACT, Channel.PAGE),
        # Cal Council: neither name nor status shown, so nothing read.
    }


def test_the_list_takes_a_bounded_number_of_queries(
    outreach_client, outreach_user, the_list, world, django_assert_max_num_queries
):
    def fill(count: int) -> None:
        for n in range(count):
            person = make_person(world.outreach, given_name=f"Many{n}")
            give_consent(person, by=outreach_user, agency=world.outreach)
            on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.outreach,
                    last_contact_days=n % 50, tier=1 + n % 3)  # fmt: skip

    fill(30)
    # Reads are fixed (session, memberships, settings, agencies, signatures, count, page, lead
    # agencies), and the access events (one per section shown) go in one INSERT per section.
    with django_assert_max_num_queries(18):
        assert outreach_client.get(URL).status_code == 200
    fill(40)
    with django_assert_max_num_queries(18):
        assert outreach_client.get(URL, {"sort": "name"}).status_code == 200
