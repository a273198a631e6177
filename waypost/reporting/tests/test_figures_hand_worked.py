"""The six dashboard figures that had no hand-worked test: flows, the single-night figure, Duty
to Refer outcomes, the discharge pathways, SWEP and Housing First. Each builds a small world
for January to March 2026 in Coventry (waypost.testing.reporting), with records just outside
the period, restricted or in Birmingham that must count nowhere, and checks the dashboard's
table, as the coordinator sees it and (where a count is small) as a commissioner sees it,
against answers worked out by hand in the comments."""

from datetime import date

import pytest

from waypost.reporting.dashboard import build_dashboard
from waypost.testing import reporting as fixtures

FIRST, LAST = date(2026, 1, 1), date(2026, 3, 1)
TODAY = date(2026, 4, 15)


def board(world, *, suppress=False):
    return build_dashboard(world.coventry, FIRST, LAST, suppress=suppress, today=TODAY)


def section(world, section_id, *, suppress=False):
    return next(s for s in board(world, suppress=suppress).sections if s.id == section_id)


def texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_flows_new_continuing_and_returners_per_month(world):
    fixtures.build_flows(world)
    flows = section(world, "flows")
    # Jan: new P1, P4, P5 (twice: once), P8 (last seen Dec 2020, 61 months before) = 4;
    #      returner P9 (seen Jan 2021, exactly 60 months before) = 1; total 5.
    # Feb: continuing P1 = 1; returner P2 (Oct 2025, not Jan) = 1; total 2. The contact not
    #      bedded down, the restricted person, Birmingham's and the unidentified contact: 0.
    # Mar: new P3 = 1; continuing P1 = 1; returner P4 (Jan, not Feb) = 1; total 3.
    assert texts(flows.tables[0]) == [
        ["Jan 2026", "4", "0", "1", "5"],
        ["Feb 2026", "0", "1", "1", "2"],
        ["Mar 2026", "1", "1", "1", "3"],
    ]
    assert flows.chart and 'role="img"' in flows.chart


def test_flows_as_a_commissioner_sees_them(world):
    fixtures.build_flows(world)
    # Every flow count here is 1 to 4 except zeros, so every total would give them back.
    assert texts(section(world, "flows", suppress=True).tables[0])[0] == [
        "Jan 2026",
        "fewer than 5",
        "0",
        "fewer than 5",
        "Not shown",
    ]


def test_the_single_night_figure_per_month(world):
    fixtures.build_single_night(world)
    night = section(world, "single-night")
    # Jan: 7 on 28 Jan. Feb: the figure's total is blank, so none. Mar: 3 on 26 Mar. April's
    # 99 is after the period; Birmingham's 50 is not Coventry's.
    assert texts(night.tables[0]) == [
        ["Jan 2026", "28 Jan 2026", "7"],
        ["Feb 2026", "No figure", ""],
        ["Mar 2026", "26 Mar 2026", "3"],
    ]
    assert night.chart and 'role="img"' in night.chart
    shown = texts(section(world, "single-night", suppress=True).tables[0])
    assert [row[2] for row in shown] == ["7", "", "fewer than 5"]


def test_duty_to_refer_outcomes(world):
    fixtures.build_duty_to_refer(world)
    duty = section(world, "duty-to-refer")
    closures, duties = duty.tables
    # Closed in the period: duty ended R1 (15 Jan) and R2 (3 Feb) = 2; advice only R3 = 1;
    # no contact R4 (23:30 on 31 Mar, London) = 1; total 4. Not: 00:30 on 1 Apr, 31 Dec, the
    # duplicate, the restricted person's, the open one, Birmingham's.
    assert texts(closures) == [
        ["The prevention or relief duty ended", "2"],
        ["Advice given; no duty owed", "1"],
        ["No contact after repeated attempts", "1"],
        ["The person withdrew", "0"],
        ["Referred to another local authority", "0"],
        ["Total", "4"],
    ]
    # Duties ended: secured 6 months = prevention R1, R3 (2); secured 12 months = relief R2
    # (1); became homeless = prevention R2 (1). Prevention 3 + relief 1 = 4.
    head = ["Outcome", "Prevention duty", "Relief duty", "Both duties"]
    assert [c.text for c in duties.head] == head
    assert texts(duties) == [
        ["Accommodation secured for 6 months or more", "2", "0", "2"],
        ["Accommodation secured for 12 months or more", "0", "1", "1"],
        ["Became homeless (the relief duty starts)", "1", "0", "1"],
        ["Total", "3", "1", "4"],
    ]
    assert duty.chart and 'role="img"' in duty.chart


def test_discharge_pathway_kpis(world):
    fixtures.build_discharges(world)
    found = section(world, "discharge")
    # Hospital: confirmed before H1 (8 Jan for 10 Jan) = 1; on the day H2 (confirmed at 10:00
    # the day she left) and H4 (never confirmed, own tenancy) = 2; nowhere H3 = 1; all 4.
    # Prison: confirmed before P1 = 1; on the day 0; nowhere P2 (no fixed abode although a
    # place had been confirmed) = 1; all 2. Columns: 2, 2, 2; all 6. Not: 1 Apr, not yet
    # left, the duplicate referral's, Birmingham's.
    assert texts(found.tables[0]) == [
        ["Hospital discharges", "1", "2", "1", "4"],
        ["Prison releases", "1", "0", "1", "2"],
        ["Total", "2", "2", "2", "6"],
    ]
    assert found.chart and 'role="img"' in found.chart


def test_swep_per_month(world):
    fixtures.build_swep(world)
    swep = section(world, "swep")
    # Activations beginning: Jan A1, A2 = 2; Feb A3 = 1; Mar 0 (the proposed one and
    # Birmingham's do not count; A4 began in December).
    # Nights on: Jan 10-12 (3) + 30-31 (2) + A4's 1-2 (2) = 7; Feb 1-2 (A2 and A3 share them) = 2.
    # Offered (latest outcome each night): Jan S1, S2, S3, S6 = 4 (S4 not found; S5's last
    # word was not found); accepted S1, S2, S3 = 3. Feb: offered S1, S8 = 2, accepted S1 = 1
    # (S7 is restricted).
    assert texts(swep.tables[0]) == [
        ["Jan 2026", "2", "7", "4", "3"],
        ["Feb 2026", "1", "2", "2", "1"],
        ["Mar 2026", "0", "0", "0", "0"],
    ]
    assert swep.chart and 'role="img"' in swep.chart
    # A commissioner: nights and activations are not people; the people counts are hidden.
    assert texts(section(world, "swep", suppress=True).tables[0])[0] == [
        "Jan 2026",
        "2",
        "7",
        "fewer than 5",
        "fewer than 5",
    ]


def test_housing_first_per_month(world):
    fixtures.build_housing_first(world)
    hf = section(world, "housing-first")
    # Referred: C1 5 Jan, C3 1 Mar (C2 in Dec, C7 restricted). Approved: C1 20 Jan (C2 was
    # declined). Housed: C1 10 Feb. Sustained 6 months: C4 (15 Aug 2025 → 15 Feb 2026).
    # Sustained 12 months: C5 (20 Mar 2025 → 20 Mar 2026, ended that day: not before it);
    # C6 ended 9 Jan 2026, a day before its 12 months.
    assert [c.text for c in hf.tables[0].head] == [
        "Month",
        "Referred",
        "Approved by the panel",
        "Housed",
        "Tenancies sustained 6 months",
        "Tenancies sustained 12 months",
    ]
    assert texts(hf.tables[0]) == [
        ["Jan 2026", "1", "1", "0", "0", "0"],
        ["Feb 2026", "0", "0", "1", "1", "0"],
        ["Mar 2026", "1", "0", "0", "0", "1"],
        ["Total", "2", "1", "1", "1", "1"],
    ]
    assert hf.chart and 'role="img"' in hf.chart


@pytest.mark.parametrize(
    "section_id",
    ["flows", "single-night", "duty-to-refer", "discharge", "swep", "housing-first"],
)
def test_nothing_recorded_means_zeros_and_no_chart(world, section_id):
    empty = section(world, section_id)
    assert empty.chart is None
    numbers = [c for row in texts(empty.tables[0]) for c in row[1:] if c[:1].isdigit()]
    assert set(numbers) <= {"0"}
