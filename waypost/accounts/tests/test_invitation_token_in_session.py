"""ASVS 14.2.1 (G3): the invitation token leaves the URL at once. The emailed link puts it in
the session and redirects; the page, its form and what follows carry no token."""

from django.test import Client

from waypost.accounts.actions import invite_user
from waypost.accounts.models import User

ACCEPT = "/invitations/accept/"


def _invite(world, admin_user) -> str:
    _, link = invite_user(
        email="sam.okafor@coventry.test",
        full_name="Sam Okafor",
        agency=world.outreach,
        role="outreach_worker",
        by=admin_user,
        base_url="http://testserver",
    )
    return link.removeprefix("http://testserver")


def test_the_emailed_link_redirects_to_a_page_without_the_token(world, admin_user):
    path = _invite(world, admin_user)
    token = path.strip("/").rsplit("/", 1)[1]
    invitee = Client()
    response = invitee.get(path)
    assert response.status_code == 302
    assert response.url == ACCEPT
    page = invitee.get(ACCEPT)
    assert page.status_code == 200
    assert "Join Waypost" in page.content.decode()
    assert token not in page.content.decode()  # the form posts back to the token-free page


def test_the_page_without_a_token_in_the_session_says_the_link_does_not_work(client, db):
    response = client.get(ACCEPT)
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_a_wrong_token_still_gets_the_clear_error_after_the_redirect(client, db):
    response = client.get("/invitations/not-a-real-token/", follow=True)
    assert response.redirect_chain == [(ACCEPT, 302)]
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_accepting_takes_the_token_out_of_the_session(world, admin_user):
    invitee = Client()
    invitee.get(_invite(world, admin_user))
    response = invitee.post(
        ACCEPT,
        {
            "full_name": "Sam Okafor",
            "password1": "lantern orbit meadow",
            "password2": "lantern orbit meadow",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="sam.okafor@coventry.test").exists()
    assert "waypost_invitation_token" not in invitee.session


def test_the_link_only_answers_get(world, admin_user):
    path = _invite(world, admin_user)
    assert Client().post(path, {"full_name": "Sam"}).status_code == 405
