"""The regional view (issue 8, point 11): the region's partnerships side by side, every count
through disclosure control, figures equal to hand-computed values, and who may see it."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role
from waypost.audit.models import AccessEvent
from waypost.outreach.models import ListStatus
from waypost.reporting.region import last_full_month, partnership_rows, region_table
from waypost.testing import region as r
from waypost.testing.personas import make_user, mark_recently_authenticated

URL = reverse("reporting:region")
CSV_URL = reverse("reporting:region_csv")


@pytest.fixture
def month():
    return last_full_month(timezone.localdate())


@pytest.fixture
def region_world(world, month):
    """Birmingham and Coventry, in the last full month (M):

    |              | by-name | new M | new 12m | seen M | night | accom | HF |
    | Birmingham   |    8    |   3   |    3    |   3    |   4   |   2   | 0  |
    | Coventry     |    6    |   7   |    9    |   9    |  12   |   5   | 3  |
    | West Midlands|   14    |  10   |   12    |  12    |  16   |   7   | 3  |

    plus records that must not count: a restricted person seen in M, someone housed before M
    ended, someone added to the list after M, a placement that ended before M's last day.
    """
    coventry, birmingham = world.coventry, world.birmingham
    Partnership.objects.filter(pk=coventry.pk).update(population=345_000)
    Partnership.objects.filter(pk=birmingham.pk).update(population=1_150_000)
    cov, brum = world.outreach, world.brum_council
    last_day = r.add_months(month, 1) - timedelta(days=1)
    before = month - timedelta(days=20)

    brum_people = r.new_people(brum, month, 3)
    cov_people = r.new_people(cov, month, 7) + r.continuing_people(cov, month, 2)
    r.seen_rough(cov, r.person(cov, restricted=True), month)

    for someone in [r.person(brum) for _ in range(8)]:
        r.on_list(brum, someone, before, ListStatus.ROUGH_SLEEPING)
    for someone in cov_people[:6]:
        r.on_list(cov, someone, before, ListStatus.ROUGH_SLEEPING)
    housed = cov_people[6]
    r.on_list(cov, housed, before, ListStatus.EMERGENCY)
    r.close_on_list(cov, housed, month.replace(day=15))
    r.on_list(cov, cov_people[7], last_day + timedelta(days=1), ListStatus.ROUGH_SLEEPING)

    r.single_night(brum, month.replace(day=20), 4)
    r.single_night(cov, month.replace(day=20), 12)

    for someone in brum_people[:2]:
        r.placed(brum, someone, before)
    for someone in cov_people[:5]:
        r.placed(cov, someone, before)
    r.placed(cov, cov_people[5], before, ended_on=month.replace(day=3))

    for someone in [r.person(cov) for _ in range(3)]:
        r.housed_first(cov, someone, before)

    r.swep_spell(cov, month.replace(day=5), 3)
    return world


EXPECTED = {
    "Birmingham": [8, 3, 3, 3, 4, 2, 0],
    "Coventry": [6, 7, 9, 9, 12, 5, 3],
}


def test_the_figures_equal_the_hand_counted_ones(region_world, month):
    rows = partnership_rows("West Midlands", month)
    assert [row.partnership.name for row in rows] == ["Birmingham", "Coventry"]
    for row in rows:
        assert list(row.counts.values()) == EXPECTED[row.partnership.name]
    assert [row.swep_nights for row in rows] == [0, 3]


def test_small_counts_and_those_that_would_reveal_them_are_hidden(region_world, month):
    table = region_table(partnership_rows("West Midlands", month))
    hidden = [[cell.hidden for cell in row] for row in table.suppressed.body]
    # Birmingham's 3, 3, 3, 4, 2 are small; Coventry's partners in those columns go with them
    # (the region total would give them away); Coventry's 3 Housing First takes the total.
    assert hidden == [
        [False, True, True, True, True, True, False],
        [False, True, True, True, True, True, True],
    ]
    totals = table.suppressed.col_totals
    assert [c.value for c in totals] == [14, 10, 12, 12, 16, 7, 3]
    assert [c.hidden for c in totals] == [False] * 6 + [True]
    assert table.partnership_cells(0)[7] == "Not shown"  # no rate where the count is hidden
    assert table.total_cells()[7] == "1.1"  # 16 per 1,495,000 residents


def test_the_page_shows_only_suppressed_figures(region_world, regional_client):
    response = regional_client.get(URL)
    assert response.status_code == 200
    table = response.context["table"]
    assert [cell.text for cell in table.rows[0]] == (
        ["Birmingham", "8"] + ["Not shown"] * 5 + ["0", "Not shown", "0"]
    )
    assert [cell.text for cell in table.rows[1]] == (
        ["Coventry", "6"] + ["Not shown"] * 6 + ["Not shown", "3"]
    )
    assert [cell.text for cell in table.rows[2]] == [
        "West Midlands total",
        "14",
        "10",
        "12",
        "12",
        "16",
        "7",
        "Not shown",
        "1.1",
        "Not added up",
    ]
    # Every partnership's "seen" count is hidden, so there is no chart to draw.
    assert response.context["chart"] is None
    assert AccessEvent.objects.filter(subject_type="region", route="reporting:region").exists()


def test_the_csv_is_suppressed_the_same_way(region_world, regional_client, month):
    response = regional_client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Region", "West Midlands"]
    body = rows[rows.index([]) + 2 :]
    assert body[1][:3] == ["Coventry", "6", "Not shown"]
    assert body[2][:2] == ["West Midlands total", "14"]
    assert not any(cell in {"1", "2", "3", "4"} for row in body for cell in row[1:-1])
    assert AccessEvent.objects.filter(channel="export", subject_type="region").exists()


def test_a_chosen_month_is_shown(region_world, regional_client, month):
    earlier = r.add_months(month, -1)
    response = regional_client.get(URL, {"month_0": earlier.month, "month_1": earlier.year})
    assert response.status_code == 200
    assert response.context["month"] == earlier
    # Coventry's 2 continuing people were new that month; nobody else was seen.
    assert [c.text for c in response.context["table"].rows[1]][2] == "Not shown"


def test_a_month_in_the_future_is_an_error(region_world, regional_client):
    later = r.add_months(timezone.localdate().replace(day=1), 2)
    response = regional_client.get(URL, {"month_0": later.month, "month_1": later.year})
    assert response.status_code == 200
    assert "table" not in response.context
    assert "The month must be this month or earlier" in response.content.decode()


@pytest.mark.parametrize(
    "client_name",
    ["regional_client", "coordinator_client", "commissioner_client", "admin_client"],
)
def test_the_region_and_the_partnerships_staff_may_look(world, client_name, request):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 200
    assert client.get(CSV_URL).status_code == 200


@pytest.mark.parametrize(
    "client_name",
    ["caseworker_client", "outreach_client", "referrer_client", "dpo_client", "provider_client"],
)
def test_other_roles_may_not(world, client_name, request):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_another_regions_officer_does_not_see_this_region(world, client):
    leeds = Partnership.objects.create(name="Leeds", slug="leeds", region="Yorkshire")
    agency = Agency.objects.create(
        partnership=leeds, name="West Yorkshire CA", type=AgencyType.COMBINED_AUTHORITY
    )
    user = make_user("officer@leeds.test", agency=agency, role=Role.REGIONAL)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["region"] == "Yorkshire"
    assert [row[0].text for row in response.context["table"].rows] == ["Leeds", "Yorkshire total"]
    assert client.get(URL, {"region": "West Midlands"}).status_code == 404
    assert client.get(CSV_URL, {"region": "West Midlands"}).status_code == 404


def test_a_partnership_without_a_region_has_no_regional_view(world, regional_client):
    Partnership.objects.filter(pk=world.coventry.pk).update(region="")
    assert regional_client.get(URL).status_code == 404


def test_the_query_count_does_not_grow_with_the_records(
    region_world, regional_client, django_assert_max_num_queries
):
    # 23 with two partnerships: a fixed set for the region, four flow queries a partnership.
    with django_assert_max_num_queries(24):
        assert regional_client.get(URL).status_code == 200
