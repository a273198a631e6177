"""Who may reach the enforcement and death pages (see
waypost/accounts/tests/test_route_coverage.py). The tests in test_enforcement_*.py and
test_death_*.py prove each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    # Caseworkers and coordinators at police, community safety or housing options agencies,
    # and coordinators anywhere (test_enforcement_access.py).
    "cases:enforcement_new": ROLE,
    # Roles covering the offending section, rows through the policy.
    "cases:person_enforcement": ROLE,
    "cases:enforcement_list": ROLE,  # coordinators
    "cases:death_new": ROLE,  # front-line staff who know of the person
    "cases:death_list": ROLE,  # coordinators; front-line staff of agencies involved
    "cases:death_review": ROLE,  # coordinators edit; staff of agencies involved read
    "cases:death_summary": ROLE,  # coordinators
    "cases:death_learning": ROLE,  # coordinators, commissioners, partnership admins
}
