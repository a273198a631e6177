from django.urls import path

from waypost.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.account, name="account"),
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
    path("staff/<uuid:user_id>/roles/new/", views.membership_add, name="membership_add"),
    path("staff/roles/<uuid:membership_id>/end/", views.membership_end, name="membership_end"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
