"""ASVS controls that Django, allauth and the settings meet for Waypost (docs/security.md, G19).

Nothing of Waypost's own code does these things, so nothing else would fail if a setting, a
middleware or a library default changed: each test here holds one control in place, through
the real pages and the real sign-in where it can. The ASVS id is at the start of each test.
"""

import json
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from waypost.accounts.tests.test_production_settings import PRODUCTION_ENV, ROOT
from waypost.cases.death_actions import NAME, IdentifyingFacts, identifying_problems
from waypost.notifications.actions import queue_email
from waypost.notifications.models import OutboxMessage, OutboxStatus
from waypost.notifications.tasks import deliver
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.test_list_page import on_list
from waypost.testing.people import make_person
from waypost.testing.personas import PASSWORD, mark_recently_authenticated, totp_code_for

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
PAGE_REQUIRING_SIGN_IN = "/people/"


def _password_step(client: Client, user, password: str = PASSWORD, **extra) -> object:
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password, **extra}
    )


def _sign_in(client: Client, user, **extra) -> object:
    """Sign in as staff do: /accounts/login/ with the password, then the authenticator code."""
    response = _password_step(client, user, **extra)
    assert response.url == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": totp_code_for(user)})


def _mid_period(periods_ahead: int = 1) -> datetime:
    """The middle of a coming 30-second TOTP period: with time frozen there, a code refused is
    refused for having been used before, not for having expired."""
    now = int(time.time())
    return datetime.fromtimestamp(now - now % 30 + 30 * periods_ahead + 15, UTC)


def _signed_in(client: Client) -> bool:
    return client.get(PAGE_REQUIRING_SIGN_IN).status_code == 200


def _session_cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _client_with_session(session_key: str) -> Client:
    client = Client()
    client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: session_key})
    return client


# --- V1 Encoding and injection --------------------------------------------------------------


def test_1_1_1_a_percent_sign_in_a_search_is_decoded_once(caseworker_client):
    """The search words arrive as typed: "%3Cb%3E" stays that text, not a decoded "<b>"."""
    html = caseworker_client.get("/people/", {"q": "%3Cb%3E"}).content.decode()
    assert 'value="%3Cb%3E"' in html
    assert "&lt;b&gt;" not in html


def test_1_2_1_a_name_with_markup_is_shown_escaped_on_the_person_page(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user, given_name=SCRIPT)
    html = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert ESCAPED_SCRIPT in html
    assert SCRIPT not in html


def test_1_2_1_a_name_with_markup_is_shown_escaped_on_the_by_name_list(outreach_client, world):
    person = make_person(world.outreach, given_name=SCRIPT, family_name="<b>Bold</b>")
    on_list(person, ListStatus.ROUGH_SLEEPING, agency=world.outreach)
    html = outreach_client.get(reverse("outreach:list")).content.decode()
    assert ESCAPED_SCRIPT in html and "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert SCRIPT not in html and "<b>Bold</b>" not in html


def test_1_2_3_json_carries_a_name_with_quotes_and_script_exactly(caseworker_client, world):
    awkward = '"};</script><script>alert(1)//\\'
    person = make_person(world.council, given_name=awkward)
    response = caseworker_client.get(f"/api/v1/people/{person.pk}/")
    assert response["Content-Type"] == "application/json"
    fields = json.loads(response.content)["sections"]["identity"]["fields"]
    assert fields["given_name"] == awkward


def test_1_2_4_search_words_are_a_value_never_sql(caseworker_client, caseworker_user, world):
    make_person(world.council, by=caseworker_user, given_name="Ann", family_name="Other")
    make_person(world.council, by=caseworker_user, given_name="Sean", family_name="O'Brien")
    injected = caseworker_client.get("/people/", {"q": "' OR '1'='1' --"})
    assert injected.status_code == 200
    assert "Ann Other" not in injected.content.decode()
    found = caseworker_client.get("/people/", {"q": "O'Brien"}).content.decode()
    assert "Sean O&#x27;Brien" in found and "Ann Other" not in found


def test_1_2_9_regex_characters_in_a_name_match_only_themselves():
    facts = IdentifyingFacts(
        names=("J.o", "Ann (Nan"), other_names=(), birth_date=None, birth_month_only=False,
        identifiers=(), died_on=None,
    )  # fmt: skip
    assert identifying_problems("jxo was seen at the hub", facts) == []
    assert identifying_problems("j.o was seen at the hub", facts) == [NAME]
    assert identifying_problems("ann (nan came in", facts) == [NAME]


@pytest.mark.django_db
def test_1_3_11_a_subject_with_a_line_break_never_becomes_a_header(mailoutbox):
    injected = queue_email(to="staff@coventry.test", subject="Hi\r\nBcc: x@evil.test", body="x")
    plain = queue_email(to="staff@coventry.test", subject="Hi", body="x")
    assert deliver(str(injected.pk)) != OutboxStatus.SENT  # refused, never sent
    assert deliver(str(plain.pk)) == OutboxStatus.SENT
    assert [m.recipients() for m in mailoutbox] == [["staff@coventry.test"]]


# --- V3 Web frontend security ---------------------------------------------------------------


def test_3_3_2_session_and_csrf_cookies_are_samesite_lax(caseworker_user):
    client = Client()
    client.get(reverse("account_login"))
    assert client.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    _sign_in(client, caseworker_user)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """Settings as production reads them (the test settings use a fast, weak hasher)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.contrib.auth.hashers import make_password; "
        "print(json.dumps({'hsts': s.SECURE_HSTS_SECONDS, "
        "'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'hashers': s.PASSWORD_HASHERS, "
        "'stored': make_password('a password of some length')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_3_4_1_production_sends_hsts_for_at_least_a_year_with_subdomains(production_settings):
    assert production_settings["hsts"] >= 31_536_000
    assert production_settings["subdomains"] is True


def test_3_4_2_the_api_gives_no_other_site_cors_access(caseworker_client):
    origin = {"HTTP_ORIGIN": "https://elsewhere.example"}
    for response in (
        caseworker_client.get("/api/v1/me/", **origin),
        caseworker_client.options(
            "/api/v1/people/match/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin
        ),
    ):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_3_4_3_the_csp_forbids_plugins_and_base_tags(client, db):
    header = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(directives["script-src"])


def test_3_5_1_a_post_without_the_csrf_token_is_refused(caseworker_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker_user)
    mark_recently_authenticated(client, caseworker_user)
    assert client.post("/accounts/logout/").status_code == 403
    assert (
        client.post("/api/v1/people/match/", {}, content_type="application/json").status_code == 403
    )
    assert _signed_in(client)
    # With the page's token the same sign-out goes through: the refusal was for the token.
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/").content.decode()
    )
    client.post("/accounts/logout/", {"csrfmiddlewaretoken": token[1]})
    assert not _signed_in(client)


def test_3_7_2_sign_in_never_sends_anyone_to_another_site(caseworker_user):
    nexts = ("https://evil.example/", "//evil.example/", "/\\evil.example/", "/people/")
    landed = []
    for period, next_url in enumerate(nexts):
        # Each sign-in in a period of its own: an authenticator code signs in only once.
        with time_machine.travel(_mid_period(1 + period), tick=False):
            response = _sign_in(Client(), caseworker_user, next=next_url)
        assert response.status_code == 302
        landed.append(response.url)
    # Off-site addresses land on the home page; a path within Waypost is followed.
    assert landed == ["/", "/", "/", "/people/"]


# --- V6 Authentication ----------------------------------------------------------------------

NEW_PASSWORD = "a brand new passphrase for the shift"  # noqa: S105


def test_6_2_2_a_user_changes_their_own_password(caseworker_client, caseworker_user):
    response = caseworker_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    caseworker_user.refresh_from_db()
    assert caseworker_user.check_password(NEW_PASSWORD)


def test_6_2_3_changing_the_password_needs_the_current_one(caseworker_client, caseworker_user):
    response = caseworker_client.post(
        reverse("account_change_password"),
        {"oldpassword": "not the password at all", "password1": NEW_PASSWORD,
         "password2": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with its error
    caseworker_user.refresh_from_db()
    assert caseworker_user.check_password(PASSWORD)


def test_6_2_6_password_fields_are_masked(client, caseworker_client):
    def password_inputs(html: str) -> list[str]:
        return re.findall(r'<input[^>]*name="(?:password\d?|oldpassword)"[^>]*>', html)

    sign_in = password_inputs(client.get(reverse("account_login")).content.decode())
    change = password_inputs(
        caseworker_client.get(reverse("account_change_password")).content.decode()
    )
    assert len(sign_in) == 1 and len(change) == 3
    assert all('type="password"' in field for field in sign_in + change)


def test_6_2_8_the_password_is_checked_exactly_as_typed(caseworker_user):
    spaced = "  Spaces Either Side Of This  "
    caseworker_user.set_password(spaced)
    caseworker_user.save()
    for almost in (spaced.strip(), spaced.lower(), spaced.upper()):
        assert _password_step(Client(), caseworker_user, almost).status_code == 200
    assert _password_step(Client(), caseworker_user, spaced).url == reverse("mfa_authenticate")


def test_6_2_9_a_64_character_password_is_accepted_whole(caseworker_user):
    long_password = "correct horse battery staple on a cold night outside the station x"[:64]
    assert len(long_password) == 64
    validate_password(long_password, caseworker_user)  # raises if any validator refuses it
    validate_password(long_password * 2, caseworker_user)
    caseworker_user.set_password(long_password)
    caseworker_user.save()
    assert _password_step(Client(), caseworker_user, long_password[:-1] + "y").status_code == 200
    assert _password_step(Client(), caseworker_user, long_password).url == reverse(
        "mfa_authenticate"
    )


def test_6_4_3_after_a_password_reset_sign_in_still_asks_for_the_code(caseworker_user):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": caseworker_user.email})
    email = OutboxMessage.objects.get(to_address=caseworker_user.email)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", email.body)[1]
    set_password_page = client.get(link)
    assert set_password_page.status_code == 302
    done = client.post(
        set_password_page.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert not _signed_in(client)  # the reset itself signs nobody in
    assert _password_step(client, caseworker_user, NEW_PASSWORD).url == reverse("mfa_authenticate")
    assert not _signed_in(client)  # the new password alone is not enough


def test_6_5_1_an_authenticator_code_signs_in_only_once(caseworker_user):
    with time_machine.travel(_mid_period(), tick=False):
        first = Client()
        assert _sign_in(first, caseworker_user).status_code == 302
        assert _signed_in(first)
        client = Client()
        _password_step(client, caseworker_user)
        again = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
        assert again.status_code == 200  # the code form again
        assert not _signed_in(client)


def test_6_5_1_a_recovery_code_signs_in_only_once(caseworker_user):
    code = RecoveryCodes.activate(caseworker_user).get_unused_codes()[0]
    first, second = Client(), Client()
    _password_step(first, caseworker_user)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert _signed_in(first)
    _password_step(second, caseworker_user)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert not _signed_in(second)


# --- V7 Sessions ----------------------------------------------------------------------------


def test_7_2_4_signing_in_gives_a_new_session_key(caseworker_user):
    client = Client()
    _password_step(client, caseworker_user)
    before = _session_cookie(client)
    client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    after = _session_cookie(client)
    assert after != before
    assert _signed_in(client)
    assert not _signed_in(_client_with_session(before))


def test_7_4_1_after_sign_out_the_old_session_cookie_is_refused(caseworker_user):
    client = Client()
    _sign_in(client, caseworker_user)
    old = _session_cookie(client)
    assert _signed_in(_client_with_session(old))
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=old).exists()
    assert not _signed_in(_client_with_session(old))


def test_7_5_1_changing_the_second_factor_needs_a_recent_sign_in(caseworker_user):
    client = Client()
    client.force_login(caseworker_user)  # signed in, but with no recent password or code
    for name in ("mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("account_reauthenticate")), name
    mark_recently_authenticated(client, caseworker_user)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200


# --- V11 Cryptography ----------------------------------------------------


def test_11_4_1_production_has_no_weak_password_hasher(production_settings):
    weak = ("MD5", "SHA1", "UnsaltedSHA1", "UnsaltedMD5", "Crypt")
    for hasher in production_settings["hashers"]:
        assert not hasher.rsplit(".", 1)[1].startswith(weak), hasher


def test_11_4_2_production_stores_passwords_with_argon2(production_settings):
    assert production_settings["hashers"][0].endswith(".Argon2PasswordHasher")
    assert production_settings["stored"].startswith("argon2$argon2id$")


def test_13_4_4_trace_is_not_answered(client, caseworker_client):
    for who, url in (
        (client, "/accounts/login/"),
        (caseworker_client, "/"),
        (caseworker_client, "/people/"),
        (caseworker_client, "/api/v1/me/"),
    ):
        assert who.generic("TRACE", url).status_code == 405, url
        assert who.generic("TRACK", url).status_code == 405, url
