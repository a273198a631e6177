"""Who may reach assessments, tiers and the threshold model (see
waypost/accounts/tests/test_route_coverage.py).

A person's assessments and tier: front-line staff whose role includes support (404 for a
person they may not know of, 403 for a referrer); test_assessment_access.py and
test_tier_page.py prove the denials. The threshold model: coordinators, commissioners and
partnership admins of the partnership (403 for other roles, 404 for another partnership's);
only coordinators change it; test_threshold_access.py proves the denials."""

from waypost.testing.routes import ROLE

ROUTES = {
    "cases:assessments": ROLE,
    "cases:assessment_new": ROLE,
    "cases:assessment": ROLE,
    "cases:tier": ROLE,
    "cases:threshold": ROLE,
    "cases:threshold_edit": ROLE,
    "cases:threshold_version": ROLE,
}
