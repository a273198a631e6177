"""The dashboard's downloads: the CSV has a section per table (caption, head, rows) after the
preamble; the XLSX keeps counts and percentages as numbers and hidden cells as the words shown;
the PDF is a tagged PDF/UA-1 whose text holds the figures. Also the writers on their own
(waypost.reporting.exports), which other reporting pages share."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from waypost.lib.disclosure import Cell, Table
from waypost.reporting import exports
from waypost.testing.reporting import build_quarter

QUARTER = {"start_on_0": "1", "start_on_1": "2026", "end_on_0": "3", "end_on_1": "2026"}
TABLE_IDS = [
    "list-table",
    "flows-table",
    "single-night-table",
    "accommodation-table",
    "moves-table",
    "end-reasons-table",
    "referrals-closed-table",
    "duties-table",
    "discharge-table",
    "swep-table",
    "occupancy-table",
    "housing-first-table",
]


@pytest.fixture
def quarter(world):
    return build_quarter(world)


def sections(text: str) -> list[list[list[str]]]:
    """The CSV split at its blank lines: the preamble, then one list of rows per table."""
    parts: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(text)):
        if row:
            parts[-1].append(row)
        else:
            parts.append([])
    return parts


def values_of(sheet) -> list[list]:
    """A sheet's rows, each without the empty cells after its last value."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return rows


def test_the_csv_has_the_preamble_then_a_section_per_table(coordinator_client, quarter):
    response = coordinator_client.get(reverse("reporting:dashboard_csv"), QUARTER)
    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="waypost-dashboard-coventry-2026-01-to-2026-03.csv"'
        in (response["Content-Disposition"])
    )
    preamble, *tables = sections(response.content.decode())
    assert preamble == [["Partnership", "Coventry"], ["Months", "Jan 2026 to Mar 2026"]]
    assert len(tables) == len(TABLE_IDS)
    occupancy = next(t for t in tables if t[0] == ["Bed occupancy each month"])
    # Caption, head, then the rows worked out in test_dashboard_page.py.
    assert occupancy == [
        ["Bed occupancy each month"],
        ["Month", "Occupied bed-nights", "Bed-nights", "Occupancy"],
        ["Jan 2026", "12", "93", "12.9%"],
        ["Feb 2026", "39", "84", "46.4%"],
        ["Mar 2026", "31", "93", "33.3%"],
    ]


def test_a_commissioners_csv_says_small_counts_are_hidden_and_hides_them(
    commissioner_client, quarter
):
    response = commissioner_client.get(reverse("reporting:dashboard_csv"), QUARTER)
    preamble, *tables = sections(response.content.decode())
    assert ["Counts from 1 to 4", "shown as “fewer than 5”"] in preamble
    moves = next(t for t in tables if t[0] == ["Placements ended each month"])
    assert ["Feb 2026", "fewer than 5", "0", "fewer than 5", "Not shown"] in moves
    assert not any(cell in {"1", "2", "3", "4"} for t in tables for row in t for cell in row[1:])


def test_the_xlsx_keeps_numbers_as_numbers_and_hidden_cells_as_text(
    coordinator_client, commissioner_client, quarter
):
    url = reverse("reporting:dashboard_xlsx")
    exact = load_workbook(io.BytesIO(coordinator_client.get(url, QUARTER).content))
    assert len(exact.sheetnames) == len(TABLE_IDS)
    rows = values_of(exact["Bed occupancy each month"])
    assert rows[:2] == [["Partnership", "Coventry"], ["Months", "Jan 2026 to Mar 2026"]]
    feb = next(r for r in rows if r[0] == "Feb 2026")
    assert feb[:3] == ["Feb 2026", 39, 84] and feb[3] == pytest.approx(0.464)
    sheet = exact["Bed occupancy each month"]
    percent = next(row for row in sheet.iter_rows() if row[0].value == "Feb 2026")[3]
    assert percent.number_format == "0.0%"

    hidden = load_workbook(io.BytesIO(commissioner_client.get(url, QUARTER).content))
    values = values_of(hidden["Placements ended each month"])
    assert ["Jan 2026", 0, 0, 0, 0] in values
    assert ["Feb 2026", "fewer than 5", 0, "fewer than 5", "Not shown"] in values


def test_the_pdf_is_tagged_and_holds_the_figures(coordinator_client, quarter):
    from pypdf import PdfReader

    response = coordinator_client.get(reverse("reporting:dashboard_pdf"), QUARTER)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged: a structure tree for assistive technology
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # declares PDF/UA
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Partnership dashboard: Coventry" in text
    assert "Bed occupancy each month" in text and "46.4%" in text
    assert "People on the by-name list at the end of each month, by status" in text


def test_a_hidden_count_stays_hidden_in_the_pdf(commissioner_client, quarter):
    from pypdf import PdfReader

    response = commissioner_client.get(reverse("reporting:dashboard_pdf"), QUARTER)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "fewer than 5" in text and "Not shown" in text


# --- The writers on their own --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234),
        ("0", 0),
        ("12.5", 12.5),
        ("82.5%", 0.825),
        ("fewer than 5", "fewer than 5"),
        ("Not shown", "Not shown"),
        ("", ""),
        ("Jan 2026", "Jan 2026"),
    ],
)
def test_a_cell_becomes_a_number_only_when_it_is_one(text, value):
    assert exports.cell_value(text) == value
    assert type(exports.cell_value(text)) is type(value)


def formula_table() -> Table:
    table = Table("t", "=HYPERLINK(1)", [Cell("Name"), Cell("Count", is_numeric=True)])
    table.rows.append([Cell("@SUM(A1)"), Cell("-3")])
    table.rows.append([Cell("+44 area"), Cell("=1+1", is_numeric=True)])
    return table


def test_no_csv_cell_is_run_as_a_formula():
    rows = list(csv.reader(io.StringIO(exports.tables_csv([formula_table()], [("=A", "+B")]))))
    assert rows[0] == ["'=A", "'+B"]
    assert ["'=HYPERLINK(1)"] in rows
    assert ["'@SUM(A1)", "'-3"] in rows


def test_no_xlsx_cell_is_run_as_a_formula_but_numbers_stay_numbers():
    book = load_workbook(io.BytesIO(exports.tables_xlsx([formula_table()], [("=A", "+B")])))
    values = values_of(book.worksheets[0])
    assert values[:2] == [["'=A", "'+B"], ["'=HYPERLINK(1)"]]
    assert ["'@SUM(A1)", -3] in values
    assert ["'+44 area", "'=1+1"] in values
    assert all(cell.data_type != "f" for row in book.worksheets[0].iter_rows() for cell in row)


def test_a_control_character_pasted_into_a_name_becomes_a_space_in_the_xlsx():
    """openpyxl refuses control characters (the export was a 500 for the whole partnership);
    a manual line break pasted from Word is a vertical tab."""
    table = Table(
        "t", "Agencies\x0bby month", [Cell("Agency\x01")], [[Cell("Coventry\x0bOutreach")]]
    )
    book = load_workbook(io.BytesIO(exports.tables_xlsx([table], [("\x00=1+1", "x")])))
    values = values_of(book.worksheets[0])
    assert ["Coventry Outreach"] in values
    assert ["Agencies by month"] in values and ["Agency "] in values
    assert all(cell.data_type != "f" for row in book.worksheets[0].iter_rows() for cell in row)


def test_sheet_titles_are_short_unique_and_legal():
    tables = [Table(str(n), "Placements: ended [each] month / by reason?", []) for n in range(3)]
    names = load_workbook(io.BytesIO(exports.tables_xlsx(tables))).sheetnames
    assert len(set(n.lower() for n in names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
