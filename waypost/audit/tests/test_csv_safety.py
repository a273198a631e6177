import pytest

from waypost.lib.csv_safety import safe_cell, safe_row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900000", "'+44 7700 900000"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("\0=1+1", "'\0=1+1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_it_prefixes_cells_a_spreadsheet_would_evaluate(value, expected):
    assert safe_cell(value) == expected


def test_it_makes_a_whole_row_safe():
    assert safe_row(["=x", "y"]) == ["'=x", "y"]
