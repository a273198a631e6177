"""Due dates as the plans wrote them become the last day of the month they name, or nothing."""

from datetime import date

import pytest

from waypost.strategy.loading import parse_due_date, plan_data

CASES = [
    ("Apr-20", date(2020, 4, 30)),
    ("April 20", date(2020, 4, 30)),
    ("Dec-19", date(2019, 12, 31)),
    ("Dec 19", date(2019, 12, 31)),
    ("Jan 20", date(2020, 1, 31)),
    ("Feb-20", date(2020, 2, 29)),  # a leap year
    ("Jun- 20", date(2020, 6, 30)),
    ("Sep -20", date(2020, 9, 30)),
    ("May 20", date(2020, 5, 31)),
    ("Apr-22", date(2022, 4, 30)),
    ("End of April 2019", date(2019, 4, 30)),
    ("End of July 2019 Ongoing", date(2019, 7, 31)),
    ("Review Jan-20 review on an annual basis.", date(2020, 1, 31)),
    ("Review Jan-20 review qtrly", date(2020, 1, 31)),
    (
        "Review current practice. Dec-19 Moving forwards review on an annual basis.",
        date(2019, 12, 31),
    ),
    ("Annual as of April 20", date(2020, 4, 30)),
    (
        "December 2019 mobilised – confirmation to Action Sub-Group on content & wider coms "
        "to sector. Part of Covid-19 proposal May 2020 June 2020",
        date(2019, 12, 31),
    ),
    ("December 2019 Check status May 2020", date(2019, 12, 31)),
    ("April 2020 check if this is x 4 workers via RSI or other?", date(2020, 4, 30)),
    # A range counts by its end.
    ("June 2019 – April 2020", date(2020, 4, 30)),
    ("July to December 2019 July 2020 July 2020", date(2019, 12, 31)),
    (
        "Expect government communication May 2020, with likely need for BCC position in response.",
        date(2020, 5, 31),
    ),
    # No date.
    ("ongoing", None),
    ("on going", None),
    ("on- going", None),
    ("tbc", None),
    ("", None),
    ("Completed.", None),
    ("Covid-19 proposal", None),
    ("Part of Covid-19 proposal", None),
    ("Part of Covid-19 proposal May 2020", None),
    ("Maybe 20 people", None),  # a word that starts like a month is not one
    ("Summer 2020", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_due_date_parser(text, expected):
    assert parse_due_date(text) == expected


@pytest.mark.parametrize("name", ["coventry", "birmingham"])
def test_every_written_due_date_that_names_a_month_gets_a_date(name):
    """Nothing in the plans that names a month and year is silently left undated."""
    for theme in plan_data(name)["themes"]:
        for commitment in theme["commitments"]:
            for action in commitment["actions"]:
                due = action["due_text"]
                parsed = parse_due_date(due)
                folded_into_covid = "Covid-19 proposal" in due and due.find("Covid") < 12
                if parsed is None:
                    assert folded_into_covid or not any(ch.isdigit() for ch in due), due
                else:
                    assert date(2019, 1, 1) <= parsed <= date(2022, 12, 31), due
