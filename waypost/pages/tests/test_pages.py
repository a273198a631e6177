"""The GOV.UK page template, public pages, error pages and security headers (no browser)."""

import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from waypost.accounts.models import Membership
from waypost.pages.views import server_error

pytestmark = pytest.mark.django_db


def test_it_shows_the_start_page_to_signed_out_users(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/accounts/login/"' in html
    assert "govuk-button--start" in html
    assert "invited by their partnership" in html
    assert "/accounts/signup/" not in html


def test_every_page_has_the_footer_links_and_no_crown(client):
    html = client.get("/privacy/").content.decode()

    for href in ('href="/privacy/"', 'href="/accessibility/"', 'href="/cookies/"'):
        assert href in html
    assert "govuk-footer__crown" not in html
    assert "Crown copyright" not in html
    assert "Open Government Licence" not in html
    assert "govuk-header__logo" not in html


def test_the_public_pages_render(client):
    for url, heading in [
        ("/privacy/", "Privacy notice"),
        ("/accessibility/", "Accessibility statement for Waypost"),
        ("/cookies/", "Cookies"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in response.content.decode()


def test_the_privacy_notice_names_the_lawful_bases_and_the_ico(client):
    html = client.get("/privacy/").content.decode()

    assert "Article 6(1)(e)" in html
    assert "Article 9(2)(h)" in html
    assert "Article 9(2)(g)" in html
    assert "Schedule 1" in html
    assert "Information Commissioner" in html
    assert "subject access" in html


def test_the_only_inline_script_carries_the_csp_nonce(client):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']
    assert "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp


def test_pages_have_no_inline_styles(client, admin_client):
    for page_client, url in [
        (client, "/"),
        (client, "/accounts/login/"),
        (client, "/accounts/password/reset/"),
        (client, "/no-such-page/"),
        (admin_client, "/"),
        (admin_client, "/accounts/2fa/"),
    ]:
        html = page_client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url


def test_htmx_is_told_not_to_inject_its_indicator_styles(client):
    html = client.get("/").content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in html


def test_unknown_pages_get_a_govuk_404(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="govuk-template"' in html
    assert "Page not found" in html
    assert "/static/css/application.css" in html


def test_the_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "/static/css/application.css" in html
    assert "<script" not in html


def test_security_headers_are_sent(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_login_page_has_no_sign_up_link(client):
    html = client.get("/accounts/login/").content.decode()

    assert "Sign in to Waypost" in html
    assert "/accounts/signup/" not in html
    assert 'class="govuk-input"' in html


def test_a_failed_sign_in_shows_the_govuk_error_summary(client, admin_user):
    response = client.post("/accounts/login/", {"login": admin_user.email, "password": "wrong"})

    html = response.content.decode()
    assert "<title>Error: Sign in – Waypost</title>" in html
    assert "govuk-error-summary" in html
    assert "There is a problem" in html


def test_the_home_page_lists_memberships_and_links_for_each_role(
    admin_client, dpo_client, outreach_client
):
    admin_html = admin_client.get("/").content.decode()
    dpo_html = dpo_client.get("/").content.decode()
    outreach_html = outreach_client.get("/").content.decode()

    assert "Your work" in admin_html
    assert "Coventry Housing Options" in admin_html
    assert "Partnership admin" in admin_html
    assert 'href="/staff/"' in admin_html
    assert 'href="/audit/"' in dpo_html
    assert 'href="/staff/"' not in outreach_html
    assert 'href="/audit/"' not in outreach_html
    assert "Coventry Outreach" in outreach_html


def test_the_header_shows_who_is_signed_in_and_a_sign_out_button(admin_client):
    html = admin_client.get("/").content.decode()

    assert "Partnership.Admin" in html
    assert 'action="/accounts/logout/"' in html
    assert 'aria-current="page"' in html


def test_signing_out_shows_a_success_banner(admin_client):
    response = admin_client.post("/accounts/logout/", follow=True)

    html = response.content.decode()
    assert "govuk-notification-banner--success" in html


def test_the_demo_banner_shows_only_in_demo_mode(client, settings):
    assert "Everyone in it is fictional" not in client.get("/").content.decode()

    settings.WAYPOST_DEMO = True
    html = client.get("/").content.decode()

    assert "Everyone in it is fictional" in html
    assert "without two-factor authentication" in html


def test_a_user_whose_membership_ended_sees_access_ended(admin_client, admin_user):
    Membership.objects.filter(user=admin_user).update(ended_at=timezone.now())

    response = admin_client.get("/")

    assert response.status_code == 403
    assert "Your access to Waypost has ended" in response.content.decode()


def test_the_totp_set_up_page_shows_the_qr_code_and_the_key(client, world):
    from waypost.testing.personas import PASSWORD, make_user

    user = make_user(
        "new.starter@coventry.test", agency=world.council, role="caseworker", totp=False
    )
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    response = client.get("/", follow=True)

    html = response.content.decode()
    assert "Set up your authenticator app" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'id="authenticator-secret"' in html


def test_the_privacy_notice_says_where_alerts_and_referrals_come_from(client):
    """People in alerts and referrals did not give us their details themselves: the notice
    must say who did and what the alerter or referrer is told back."""
    html = client.get("/privacy/").content.decode()
    assert "Where the information comes from" in html
    assert "seen someone sleeping rough" in html
    assert "with your agreement" in html
    assert "not what you told the council" in html
