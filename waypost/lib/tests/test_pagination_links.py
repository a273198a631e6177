"""The page links of components/pagination.html: the first and last pages, those either side
of the current one, and an ellipsis where pages are left out; worked out without looping over
every page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from waypost.lib.templatetags.pagination import page_links


def _every_page(current: int, last: int) -> list[int | None]:
    """What the template did before: look at every page number in turn."""
    links: list[int | None] = []
    for number in range(1, last + 1):
        if number in (current, 1, last, current - 1, current + 1):
            links.append(number)
        elif number in (2, last - 1):
            links.append(None)
    return links


def test_the_links_are_those_of_looking_at_every_page():
    for last in range(1, 12):
        paginator = Paginator(range(last * 10), 10)
        for current in range(1, last + 1):
            assert page_links(paginator.page(current)) == _every_page(current, last), (
                current,
                last,
            )


def test_a_long_list_has_a_handful_of_links():
    page = Paginator(range(100_000), 25).page(2000)
    assert page_links(page) == [1, None, 1999, 2000, 2001, None, 4000]
    html = render_to_string("components/pagination.html", {"page_obj": page, "query": "q=a"})
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'href="?q=a&amp;page=2000" aria-label="Page 2000" aria-current="page"' in html
    assert 'href="?q=a&amp;page=4000" aria-label="Page 4000"' in html
    assert 'aria-label="Page 3"' not in html
