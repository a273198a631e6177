from django.urls import path

from waypost.referrals import triage_views

urlpatterns = [
    path("<uuid:referral_id>/", triage_views.detail, name="detail"),
]
