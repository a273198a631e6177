"""The report to the homelessness forum and the annual summary: each contract's KPIs with the
accepted figures, hand-checked; counts from 1 to 4 never published (nor a share made from
them, nor a RAG that would give one away); a return not yet accepted is not counted; the PDF
is real and tagged; the queries do not grow with the contracts."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from waypost.commissioning.forum import forum_report, shown_figure
from waypost.commissioning.models import KpiValue, ReturnStatus, Unit
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Disclosure
from waypost.lib.quarters import Quarter, year_quarters
from waypost.testing.commissioning import make_contract, make_kpi, make_return

Q1, Q2, Q3, Q4 = year_quarters(2024)


@pytest.fixture
def shelter(world):
    contract = make_contract(world.shelter, name="Night shelter and hostels")
    beds = make_kpi(contract, name="Bed occupancy", unit=Unit.PERCENT, target=Decimal("90"))
    evictions = make_kpi(
        contract, name="Evictions", target=Decimal("3"), direction="lower", position=2
    )
    make_return(contract, Q1, {beds: (40, 50), evictions: 6})
    make_return(contract, Q2, {beds: (44, 50), evictions: 2})
    make_return(contract, Q3, {beds: (45, 50), evictions: 0})
    make_return(
        contract,
        Q4,
        {beds: (3, 10), evictions: 12},
        comments={beds: "Refurbishment closed a wing"},
    )
    return contract, beds, evictions


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_quarterly_report_shows_each_kpi_as_counted_by_hand(commissioner_client, shelter):
    response = commissioner_client.get(reverse("commissioning:forum_report") + "?quarter=2024-q4")
    assert response.status_code == 200
    text = _text(response)
    assert "Night shelter and hostels" in text
    # Occupancy: 40/50 = 80% (red: below 81), 44/50 = 88% (amber), 45/50 = 90% (green; 46
    # would leave 4 who did not, so hidden), then 3 of 10 (a count under 5): not shown
    assert "80% (40 of 50)" in text and "88% (44 of 50)" in text and "90% (45 of 50)" in text
    assert "3 of 10" not in text
    # Evictions, lower is better: 6, fewer than 5, 0, then 12 (red), worse than the quarter before
    assert re.search(r"Evictions At most 3 6 fewer than 5 0 12 Red Worse", text)
    assert "Refurbishment closed a wing" in text
    assert "counts from 1 to 4 are shown as “fewer than 5”" in text


def test_a_return_not_yet_accepted_is_not_counted(coordinator_client, world):
    contract = make_contract(world.outreach, name="Street outreach")
    kpi = make_kpi(contract, name="People helped")
    make_return(contract, Q4, {kpi: 77}, status=ReturnStatus.SUBMITTED)
    text = _text(coordinator_client.get(reverse("commissioning:forum_report") + "?quarter=2024-q4"))
    assert "77" not in text
    assert "Q4 2024/25: not yet accepted" in text


def test_the_annual_summary_has_the_years_four_quarters_with_their_rag(
    commissioner_client, shelter
):
    text = _text(commissioner_client.get(reverse("commissioning:annual_report") + "?year=2024"))
    assert "annual summary, 2024/25" in text
    assert re.search(
        r"Bed occupancy 90% 80% \(40 of 50\) Red 88% \(44 of 50\) Amber "
        r"90% \(45 of 50\) Green Not shown",
        text,
    )


@pytest.mark.parametrize(
    ("unit", "target", "count", "out_of", "text", "rag_text"),
    [
        (Unit.COUNT, "50", 0, None, "0", "Red"),
        (Unit.COUNT, "50", 1, None, FEWER_THAN, "Red"),
        (Unit.COUNT, "50", 4, None, FEWER_THAN, "Red"),
        (Unit.COUNT, "50", 5, None, "5", "Red"),
        # Target 4, no tolerance: only 4 of the hidden counts would be green, so the RAG is hidden
        (Unit.COUNT, "4", 4, None, FEWER_THAN, NOT_SHOWN),
        (Unit.PERCENT, "50", 4, 10, NOT_SHOWN, "Red"),
        (Unit.PERCENT, "50", 8, 10, NOT_SHOWN, "Green"),  # 2 did not: hidden too
        (Unit.PERCENT, "50", 5, 10, "50% (5 of 10)", "Green"),
        (Unit.PERCENT, "50", 0, 0, "No figure", "No figure"),
    ],
)
def test_no_published_figure_reveals_a_count_from_1_to_4(
    world, unit, target, count, out_of, text, rag_text
):
    contract = make_contract(world.shelter)
    kpi = make_kpi(contract, unit=unit, target=Decimal(target), tolerance_percent=Decimal("0"))
    shown = shown_figure(kpi, KpiValue(kpi=kpi, count=count, out_of=out_of), Disclosure(True))
    assert (shown.text, shown.rag_text) == (text, rag_text)
    assert shown.value is None or shown.text not in {"1", "2", "3", "4"}


def test_a_hidden_count_cannot_be_worked_out_from_the_trend(world):
    """The change since the quarter before is only worded when both figures are shown."""
    contract = make_contract(world.shelter)
    kpi = make_kpi(contract, target=Decimal("10"))
    make_return(contract, Q3, {kpi: 20})
    make_return(contract, Q4, {kpi: 3})
    report = forum_report(contract.partnership, [Q3, Q4])
    row = report.sections[0].rows[0]
    assert [c.text for c in row.cells] == ["20", FEWER_THAN]
    assert row.trend == "Not known" and report.is_suppressed


def test_the_pdf_is_tagged_and_holds_the_report(coordinator_client, shelter, world):
    response = coordinator_client.get(
        reverse("commissioning:forum_report_pdf") + "?quarter=2024-q4"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "coventry-forum-report-2024-q4.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("en")
    assert reader.metadata.title.startswith(
        "Commissioned services: report to the homelessness forum"
    )
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Night shelter and hostels" in text and "90% (45 of 50)" in text
    assert "fewer than 5" in text and "3 of 10" not in text


def test_the_annual_pdf_is_tagged(commissioner_client, shelter):
    response = commissioner_client.get(reverse("commissioning:annual_report_pdf") + "?year=2024")
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "annual summary, 2024/25" in " ".join(p.extract_text() for p in reader.pages)


def test_the_reports_queries_do_not_grow_with_the_contracts(
    coordinator_client, world, shelter, django_assert_max_num_queries
):
    url = reverse("commissioning:forum_report") + "?quarter=2024-q4"
    with django_assert_max_num_queries(12):
        coordinator_client.get(url)
    for n in range(4):
        contract = make_contract(world.outreach, name=f"Outreach {n}")
        kpi = make_kpi(contract)
        for quarter in (Q1, Q2, Q3, Q4):
            make_return(contract, quarter, {kpi: 10 + n})
    with django_assert_max_num_queries(12):
        assert "Outreach 3" in coordinator_client.get(url).content.decode()


def test_the_contracts_lists_queries_do_not_grow_with_the_contracts(
    coordinator_client, world, django_assert_max_num_queries
):
    for n in range(6):
        contract = make_contract(world.outreach if n % 2 else world.shelter, name=f"Service {n}")
        make_return(contract, Quarter.current().previous(), {})
    with django_assert_max_num_queries(10):
        page = coordinator_client.get(reverse("commissioning:contracts")).content.decode()
    assert "Service 5" in page
