"""Reading a page in a test that checks something is *not* on it.

Every page carries values that are random per request: the CSRF token in each form and the
nonce of its inline script. A short name ("Una", "B12") turns up inside one of those about once
in a few thousand runs, so a test that says "this name is not on the page" must read the page
without them, or it fails now and then for no reason.
"""

import re

from django.http import HttpResponse

_RANDOM_VALUES = re.compile(r'((?:name="csrfmiddlewaretoken" value|nonce)=")[^"]*"')


def without_random_values(html: str) -> str:
    """`html` with every CSRF token and script nonce emptied."""
    return _RANDOM_VALUES.sub(r'\1"', html)


def page_html(response: HttpResponse) -> str:
    """A response's HTML without its random values, for checks that something is absent."""
    return without_random_values(response.content.decode())
