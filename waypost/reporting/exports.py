"""Writers that turn figures tables (`waypost.lib.disclosure.Table`) into files: CSV, XLSX and
a tagged PDF. Reporting pages share them; each takes the tables exactly as the page shows them
(so suppression is the same) and a short preamble of (label, value) lines saying what they are
(partnership, period, the suppression note).

- `tables_csv(tables, preamble)`: one CSV text, the preamble, then a section per table (its
  caption, its head, its rows) separated by blank lines; every cell made safe for spreadsheets.
- `tables_xlsx(tables, preamble)`: XLSX bytes, a sheet per table; counts and percentages are
  numbers, suppressed cells the text shown ("fewer than 5", "Not shown").
- `tables_pdf(title, tables, preamble, charts)`: tagged PDF bytes (PDF/UA-1), each table with
  its chart (inline SVG keyed by the table's id) above it.
- `download(content, filename, content_type)`: the HTTP response for any of them.
"""

import csv
import io
import re
from collections.abc import Mapping, Sequence

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from waypost.lib.csv_safety import safe_cell, safe_row
from waypost.lib.disclosure import Table

Preamble = Sequence[tuple[str, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_COUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")
_PERCENT = re.compile(r"^-?\d+(\.\d+)?%$")


def cell_value(text: str) -> int | float | str:
    """A cell as a spreadsheet holds it: "1,234" → 1234, "82.5%" → 0.825, else the text."""
    if _COUNT.match(text):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() and "." not in text else number
    if _PERCENT.match(text):
        return float(text[:-1]) / 100
    return text


def tables_csv(tables: Sequence[Table], preamble: Preamble = ()) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in preamble:
        writer.writerow(safe_row([label, value]))
    for table in tables:
        writer.writerow([])
        writer.writerow(safe_row([table.caption]))
        writer.writerow(safe_row([cell.text for cell in table.head]))
        for row in table.rows:
            writer.writerow(safe_row([cell.text for cell in row]))
    return buffer.getvalue()


def _sheet_title(caption: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ nor control characters, and unique in the
    # workbook.
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "", caption)[:28].strip() or "Table"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]} {n}", n + 1
    used.add(title.lower())
    return title


def tables_xlsx(tables: Sequence[Table], preamble: Preamble = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.caption, used))
        # Text a spreadsheet would run as a formula is kept as text, wherever it comes from
        # (a partnership's name is typed by people).
        for label, value in preamble:
            sheet.append([_not_formula(label), _not_formula(value)])
        sheet.append([_not_formula(table.caption)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append([_not_formula(cell.text) for cell in table.head])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = [row[0].text, *(cell_value(cell.text) for cell in row[1:])]
            sheet.append([_not_formula(v) for v in values])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, float) and _PERCENT.match(
                    row[cell.column - 1].text if cell.column <= len(row) else ""
                ):
                    cell.number_format = "0.0%"
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _not_formula(value: int | float | str) -> int | float | str:
    """Text a spreadsheet neither refuses nor runs. Control characters become spaces first
    (openpyxl refuses them, and a line break pasted from Word is a vertical tab), then the
    formula guard sees what is left."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return safe_cell(ILLEGAL_CHARACTERS_RE.sub(" ", value))


def tables_pdf(
    title: str,
    tables: Sequence[Table],
    preamble: Preamble = (),
    charts: Mapping[str, SafeString | None] | None = None,
) -> bytes:
    from weasyprint import HTML

    charts = charts or {}
    html = render_to_string(
        "reporting/dashboard/tables_pdf.html",
        {
            "title": title,
            "preamble": preamble,
            "parts": [(table, charts.get(table.id)) for table in tables],
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def download(content: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
