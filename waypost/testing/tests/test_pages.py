"""page_html: a page read without the values that change on every request."""

import re

from waypost.testing.pages import page_html, without_random_values

PEOPLE = "/people/"


def test_a_signed_in_page_loses_its_csrf_tokens_and_nonce_and_nothing_else(coordinator_client):
    response = coordinator_client.get(PEOPLE)
    raw = response.content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', raw)
    nonces = re.findall(r'nonce="([^"]+)"', raw)
    assert tokens and nonces  # the sign-out form and the inline script

    html = page_html(response)

    assert not any(value in html for value in tokens + nonces)
    assert 'name="csrfmiddlewaretoken" value=""' in html and 'nonce=""' in html
    # Only the values go: the rest of the page is as it was.
    assert re.sub(r'(value|nonce)="[^"]*"', "", html) == re.sub(r'(value|nonce)="[^"]*"', "", raw)


def test_other_values_are_kept():
    html = '<input name="given_name" value="Una"><script nonce="abc">x</script>'
    assert (
        without_random_values(html)
        == '<input name="given_name" value="Una"><script nonce="">x</script>'
    )
