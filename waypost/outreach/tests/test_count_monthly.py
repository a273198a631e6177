"""Monthly single-night figures: one a month, the last 12 months as a chart beside a table,
and the figure worked out from the street contacts offered to accept or change."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.outreach.count_figures import last_months
from waypost.outreach.models import CountKind, StreetCount
from waypost.outreach.tests.test_count_support import date_fields, london, seen
from waypost.testing.people import make_person

pytestmark = pytest.mark.django_db

# Last month, whenever the tests run: its figure can be recorded, and its nights are over.
MONTHS = last_months(timezone.localdate())
LAST = MONTHS[-2]
NIGHT = LAST.replace(day=20)
MONTH = reverse("outreach:count_month", args=[f"{LAST:%Y-%m}"])


def _monthly(world, night, total, new):
    return StreetCount.objects.create(
        partnership=world.coventry, kind=CountKind.MONTHLY, night=night, total=total,
        new_to_rough_sleeping=new, recorded_by_agency=world.outreach,
    )  # fmt: skip


def test_the_last_twelve_months_as_a_chart_beside_the_table(commissioner_client, world):
    first, before = MONTHS[0], MONTHS[0] - date.resolution
    _monthly(world, first.replace(day=16), 11, 2)
    _monthly(world, NIGHT, 14, 3)
    _monthly(world, before.replace(day=14), 99, 9)  # 13 months ago: not in the table
    html = commissioner_client.get(reverse("outreach:count_monthly")).content.decode()
    assert "<svg" in html and 'id="monthly-chart"' in html
    assert f"2 of the 12 months have a figure; the highest is 14 in {LAST:%B %Y}." in html
    table = html.split('id="monthly-table"')[1].split("</table>")[0]
    assert table.index(f"{first:%B %Y}") < table.index(f"{MONTHS[-1]:%B %Y}")
    assert f"{before:%B %Y}" not in table
    assert "99" not in table
    assert table.count("Not recorded") == 10
    assert f"20 {LAST:%b}" in table
    # A commissioner reads the figures; only those who count may record them.
    assert MONTH not in html


def test_no_chart_without_figures(outreach_client):
    html = outreach_client.get(reverse("outreach:count_monthly")).content.decode()
    assert "No chart: no figure has been recorded in these 12 months yet." in html
    assert f"{MONTH}?partnership=coventry" in html


def test_the_street_contacts_suggest_the_figure_and_the_user_changes_it(
    outreach_client, world, coordinator_user
):
    night = NIGHT
    ann = make_person(world.council, by=coordinator_user, given_name="Ann")
    old = make_person(world.council, by=coordinator_user, given_name="Old")
    seen(world, london(LAST - date.resolution * 100, 23), person=old)
    seen(world, london(night, 23), person=ann)
    seen(world, london(night, 23, 30), person=ann)
    seen(world, london(night, 23), person=old)
    seen(world, london(night + date.resolution, 2), description="Woman in a doorway")
    url = f"{MONTH}?partnership=coventry"

    html = outreach_client.post(
        url, {**date_fields("night", night), "total": "", "new_to_rough_sleeping": "",
              "action": "suggest"},
    ).content.decode()  # fmt: skip
    assert "There is a problem" not in html
    assert "3 people were recorded as seen bedded down from 10pm on 20 " in html
    assert ": 2 with a record and 1 not yet identified." in html
    assert "1 of those with a record was new to sleeping rough this month." in html
    assert 'name="total" value="3"' in html
    assert 'name="new_to_rough_sleeping" value="1"' in html
    assert not StreetCount.objects.exists()  # nothing saved until the user says so

    response = outreach_client.post(
        url, {**date_fields("night", night), "total": "4", "new_to_rough_sleeping": "1",
              "seen": "", "action": "save"},
    )  # fmt: skip
    assert response.status_code == 302
    figure = StreetCount.objects.get()
    assert (figure.kind, figure.night, figure.total, figure.new_to_rough_sleeping) == (
        "monthly", night, 4, 1,
    )  # fmt: skip


def test_one_figure_a_month_changed_in_place(outreach_client, world):
    figure = _monthly(world, NIGHT, 14, 3)
    form = outreach_client.get(MONTH).content.decode()
    assert 'name="total" value="14"' in form
    assert f"The figure recorded is for the night of 20 {LAST:%B %Y}." in form
    assert "0 people were recorded as seen bedded down" in form  # the contacts' view of it
    seen_value = form.split('name="seen" value="')[1].split('"')[0]
    outreach_client.post(
        MONTH, {**date_fields("night", LAST.replace(day=27)), "total": "12",
                "new_to_rough_sleeping": "2", "seen": seen_value},
    )  # fmt: skip
    assert StreetCount.objects.count() == 1
    figure.refresh_from_db()
    assert (figure.night, figure.total, figure.new_to_rough_sleeping) == (
        LAST.replace(day=27), 12, 2,
    )  # fmt: skip


def test_a_figure_recorded_meanwhile_is_not_overwritten(outreach_client, world):
    _monthly(world, NIGHT, 14, 3)
    html = outreach_client.post(
        MONTH, {**date_fields("night", LAST.replace(day=27)), "total": "12",
                "new_to_rough_sleeping": "2", "seen": ""},
    ).content.decode()  # fmt: skip
    assert "Someone else changed this count while you were filling in the form" in html
    assert 'name="total" value="12"' in html
    assert StreetCount.objects.get().total == 14


def test_monthly_form_errors(outreach_client):
    html = outreach_client.post(
        MONTH, {**date_fields("night", LAST - date.resolution), "total": "three",
                "new_to_rough_sleeping": "", "seen": ""},
    ).content.decode()  # fmt: skip
    assert f"Enter a night in {LAST:%B %Y}" in html
    assert "Enter the number of people seen as a whole number, like 12" in html
    assert "Enter the number new" not in html
    assert "Enter how many of them were new, as a whole number" in html
    assert 'name="total" value="three"' in html  # what was typed is kept
    html = outreach_client.post(
        MONTH, {**date_fields("night", LAST.replace(day=3)), "total": "2",
                "new_to_rough_sleeping": "5", "seen": ""},
    ).content.decode()  # fmt: skip
    assert "The number new cannot be more than the number of people seen" in html
    html = outreach_client.post(
        MONTH, {"night_0": "", "night_1": "", "night_2": "", "action": "suggest"}
    ).content.decode()
    assert "Enter the night" in html
    assert "Enter the number of people seen" not in html  # only the night matters here
    assert not StreetCount.objects.exists()


def test_months_that_are_not_months_or_not_yet_are_404(outreach_client):
    next_month = MONTHS[-1].replace(day=28) + date.resolution * 5
    for month in ("2025-13", f"{next_month:%Y-%m}", "1999-01", "november", "2025-1"):
        url = reverse("outreach:count_month", args=[month])
        assert outreach_client.get(url).status_code == 404, month
