"""The page links of templates/components/pagination.html."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def page_links(page_obj: Any) -> list[int | None]:
    """The page numbers to link to (None for an ellipsis): the first and last pages and those
    either side of the current one. Worked out from the numbers that can show, never by
    looping over every page (a list of 100,000 people has 4,000 pages)."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    near = {1, current - 1, current, current + 1, last}
    links: list[int | None] = []
    for number in sorted({1, 2, current - 1, current, current + 1, last - 1, last}):
        if not 1 <= number <= last:
            continue
        if number in near:
            links.append(number)
        else:  # 2 or the last but one, with pages left out beside it
            links.append(None)
    return links
