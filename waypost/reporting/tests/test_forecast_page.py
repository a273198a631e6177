"""The forecasts page and its CSV: the two monthly series on hand-computed fixtures, the
forecast with its back-test shown beside it, the same forecast every time, no forecast from too
little data, who may see it, small numbers hidden from commissioners, the access event."""

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from waypost.audit.models import AccessEvent
from waypost.outreach.flows import add_months
from waypost.people.models import Person
from waypost.reporting import forecast as method
from waypost.reporting.forecast_series import new_people_series, swep_demand_series
from waypost.reporting.forecast_store import cache_key, warm_forecasts
from waypost.swep.models import SweepOutcome
from waypost.testing.cohort import at, new_people_each_month, swep_night
from waypost.testing.people import make_person

URL = reverse("reporting:forecast")
CSV_URL = reverse("reporting:forecast_csv")
TODAY = date(2026, 11, 15)  # the last whole month is October 2026
FIRST = date(2024, 11, 1)
# 24 months, November 2024 to October 2026: new people each month, 5 to 9.
NEW_COUNTS = [5 + (n * 7) % 5 for n in range(24)]


def table_rows(html: str, table_id: str) -> list[list[str]]:
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(at(TODAY.year, TODAY.month, TODAY.day), tick=False):
        yield


@pytest.fixture
def two_years(world):
    new_people_each_month(
        world.outreach, {add_months(FIRST, n): count for n, count in enumerate(NEW_COUNTS)}
    )


def test_the_new_people_series_is_each_months_new_people(world, two_years):
    series = new_people_series(world.coventry, TODAY)
    assert series.months[0] == FIRST and series.months[-1] == date(2026, 10, 1)
    assert list(series.values) == NEW_COUNTS


def test_swep_demand_is_bed_nights_accepted_each_month(world):
    agency = world.outreach
    ann, bob, cat = (make_person(agency, given_name=n) for n in ("Ann", "Bob", "Cat"))
    # January 2026: Ann accepts on two nights (2); Bob declines, then accepts the same night
    # (the latest counts: 1); Cat accepts, then declines that night (0). February: nothing.
    # March: Ann accepts once (1). A restricted person's nights are never counted.
    swep_night(ann, agency, date(2026, 1, 5), SweepOutcome.ACCEPTED)
    swep_night(ann, agency, date(2026, 1, 6), SweepOutcome.ACCEPTED)
    swep_night(bob, agency, date(2026, 1, 5), SweepOutcome.DECLINED, recorded=at(2026, 1, 5, 19))
    swep_night(bob, agency, date(2026, 1, 5), SweepOutcome.ACCEPTED, recorded=at(2026, 1, 5, 21))
    swep_night(cat, agency, date(2026, 1, 6), SweepOutcome.ACCEPTED, recorded=at(2026, 1, 6, 19))
    swep_night(cat, agency, date(2026, 1, 6), SweepOutcome.DECLINED, recorded=at(2026, 1, 6, 21))
    swep_night(ann, agency, date(2026, 3, 2), SweepOutcome.ACCEPTED)
    hidden = make_person(agency, given_name="Hid")
    swep_night(hidden, agency, date(2026, 3, 2), SweepOutcome.ACCEPTED)
    Person.objects.filter(pk=hidden.pk).update(restricted_at=at(2026, 4, 1))
    series = swep_demand_series(world.coventry, TODAY)
    assert series.months[:3] == (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    assert series.values == (3, 0, 1, 0, 0, 0, 0, 0, 0, 0)  # to October
    assert swep_demand_series(world.birmingham, TODAY).values == ()


def test_a_coordinator_sees_the_forecast_beside_its_back_test(coordinator_client, two_years):
    response = coordinator_client.get(URL, {"series": "new_people"})
    html = response.text
    assert response.status_code == 200
    forecast_rows = table_rows(html, "forecast-table")
    assert [row[0] for row in forecast_rows] == [
        f"{m:%b %Y}" for m in (add_months(date(2026, 11, 1), n) for n in range(12))
    ]
    for _, mean, eighty, ninety_five in forecast_rows:
        low_80, high_80 = (int(v) for v in eighty.split(" to "))
        low_95, high_95 = (int(v) for v in ninety_five.split(" to "))
        assert 0 <= low_95 <= low_80 <= int(mean) <= high_80 <= high_95
    # The back-test: the last 12 months, each forecast from the months before it.
    expected = method.back_test([float(v) for v in NEW_COUNTS])
    back_rows = table_rows(html, "back-test-table")
    assert [row[1] for row in back_rows] == [str(v) for v in NEW_COUNTS[-12:]]
    assert [row[2] for row in back_rows] == [f"{r.forecast:.1f}" for r in expected.rows]
    summary = html[html.index('id="back-test-summary"') :]
    assert f"{expected.mae:.1f}" in summary[:600] and f"{expected.mase:.2f}" in summary[:900]
    assert method.METHOD_NAME in html  # two years: no seasonality
    assert 'id="forecast-chart"' in html and 'role="img"' in html


def test_the_same_figures_give_the_same_forecast(coordinator_client, two_years):
    first = table_rows(coordinator_client.get(URL).text, "forecast-table")
    cache.clear()  # worked out again, not served from the cache
    again = table_rows(coordinator_client.get(URL).text, "forecast-table")
    assert first == again


def test_the_nightly_job_works_the_forecasts_out_before_anyone_asks(
    coordinator_client, two_years, monkeypatch
):
    assert warm_forecasts.call() == 1  # Coventry's new people; no other series has enough
    assert cache.get(cache_key(NEW_COUNTS)) is not None

    def no_fitting(values, **kwargs):
        raise AssertionError("fitted while the page waited")

    monkeypatch.setattr(method, "forecast", no_fitting)
    assert 'id="forecast-table"' in coordinator_client.get(URL).text


def test_too_little_data_gives_no_forecast(coordinator_client, world):
    new_people_each_month(world.outreach, {add_months(date(2026, 1, 1), n): 6 for n in range(10)})
    html = coordinator_client.get(URL).text
    assert "There are only 10 months of figures" in html
    assert "A forecast needs at least 18 whole months" in html
    assert 'id="forecast-table"' not in html and 'id="forecast-chart"' not in html


def test_no_figures_at_all(coordinator_client, world):
    html = coordinator_client.get(URL, {"series": "swep_beds"}).text
    assert "There are no figures for this yet" in html


def test_the_csv_has_the_forecast_and_the_back_test(coordinator_client, two_years):
    response = coordinator_client.get(CSV_URL, {"series": "new_people"})
    assert response["Content-Disposition"].endswith('new-people-coventry.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Method", method.METHOD_NAME] in rows
    expected = method.back_test([float(v) for v in NEW_COUNTS])
    assert ["Back-test mean absolute error", f"{expected.mae:.1f}"] in rows
    assert ["Oct 2026", str(NEW_COUNTS[-1])] in rows  # every recorded month
    assert ["Nov 2024", str(NEW_COUNTS[0])] in rows


@pytest.mark.parametrize("persona", ["admin_client", "commissioner_client"])
def test_admins_and_commissioners_see_the_page(request, persona, world):
    assert request.getfixturevalue(persona).get(URL).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "dpo_client",
        "provider_client",
        "regional_client",
    ],
)
def test_other_roles_are_refused(request, persona, world):
    assert request.getfixturevalue(persona).get(URL).status_code == 403
    assert request.getfixturevalue(persona).get(CSV_URL).status_code == 403


def test_another_partnership_is_404(coordinator_client, birmingham_admin_client, world):
    assert coordinator_client.get(URL, {"partnership": "birmingham"}).status_code == 404
    assert coordinator_client.get(CSV_URL, {"partnership": "birmingham"}).status_code == 404
    assert birmingham_admin_client.get(URL, {"partnership": "coventry"}).status_code == 404


def test_a_commissioner_sees_no_small_counts(commissioner_client, world):
    # 20 months of 6 new people, then 3 in the last two: hidden, with their errors and the
    # average errors, so they cannot be worked back.
    counts = {add_months(date(2025, 1, 1), n): 6 for n in range(20)}
    counts |= {date(2026, 9, 1): 3, date(2026, 10, 1): 3}
    new_people_each_month(world.outreach, counts)
    html = commissioner_client.get(URL).text
    back = table_rows(html, "back-test-table")
    assert back[-1][1] == "fewer than 5" and back[-1][3] == "Not shown"
    assert back[0][1] == "6"
    summary = html[html.index('id="back-test-summary"') :][:900]
    assert summary.count("Not shown") == 3
    assert table_rows(html, "history-table")[-1] == ["Oct 2026", "fewer than 5"]
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in html


def test_the_view_is_recorded(coordinator_client, world):
    coordinator_client.get(URL)
    event = AccessEvent.objects.get(subject_type="forecast_figures")
    assert event.subject_id == str(world.coventry.pk) and event.person_id is None
