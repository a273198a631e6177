"""Who may reach the referrer's pages and the referral API (see
waypost/accounts/tests/test_route_coverage.py). Anyone in a referring role (referrers,
caseworkers, outreach workers, coordinators) may send; each sees only their own agency's
referrals, and 404 for another agency's (tests beside the views prove both)."""

from waypost.testing.routes import ROLE

ROUTES = {
    "referrals:new": ROLE,  # the Duty to Refer form
    "referrals:sent": ROLE,  # the confirmation: reference and what happens next
    "referrals:mine": ROLE,  # "Referrals you sent"
    "referrals:sent_detail": ROLE,  # one of them, as the referrer sees it
    "api-referrals": ROLE,  # GET the agency's referrals, POST a referral
    "api-referral": ROLE,  # GET one, as the referrer sees it
}
