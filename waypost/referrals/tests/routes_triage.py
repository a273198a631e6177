"""Who may reach the housing options team's referral pages (see
waypost/accounts/tests/test_route_coverage.py).

The triage team (caseworkers and coordinators of a housing options agency in the referral's
partnership) and the caseworker a referral is assigned to; everyone else gets 404, referrers
included (they follow their referrals on their own pages). The out-of-hours route is for the
triage team, coordinators and partnership admins of the partnership; only coordinators and
partnership admins change it. Tests beside the views prove each denial.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "referrals:queue": ROLE,  # the triage team
    "referrals:queue_open": ROLE,
    "referrals:queue_closed": ROLE,
    "referrals:caseload": ROLE,  # caseworkers and coordinators: their own (coordinators: any)
    "referrals:detail": ROLE,  # the triage team and the assigned caseworker
    "referrals:accept": ROLE,
    "referrals:reassign": ROLE,
    "referrals:first_contact": ROLE,
    "referrals:link_person": ROLE,
    "referrals:triage": ROLE,
    "referrals:start_duty": ROLE,
    "referrals:end_duty": ROLE,
    "referrals:close": ROLE,
    "referrals:reconnection_offer": ROLE,
    "referrals:offer_response": ROLE,
    "referrals:follow_up": ROLE,
    "referrals:out_of_hours": ROLE,  # the triage team, coordinators, partnership admins
    "referrals:out_of_hours_edit": ROLE,  # coordinators and partnership admins
}
