from django.urls import path

from waypost.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/sessions/", views.sessions, name="sessions"),
    path("account/tokens/new/", views.token_create, name="token_create"),
    path("account/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("staff/", views.staff, name="staff"),
    path("staff/invite/", views.invite, name="invite"),
    path(
        "staff/invitations/<uuid:invitation_id>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("staff/<uuid:user_id>/", views.staff_member, name="staff_member"),
    path("staff/<uuid:user_id>/sign-out/", views.staff_sign_out, name="staff_sign_out"),
    path("staff/<uuid:user_id>/roles/new/", views.membership_add, name="membership_add"),
    path("staff/roles/<uuid:membership_id>/end/", views.membership_end, name="membership_end"),
    # Before the token route, which would otherwise take "accept" for a token.
    path("invitations/accept/", views.accept_invitation, name="accept_invitation"),
    path("invitations/<str:token>/", views.invitation_link, name="invitation_link"),
]
