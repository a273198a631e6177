"""Who may reach the street count pages (see waypost/accounts/tests/test_route_coverage.py).

Outreach workers and coordinators of the partnership record counts and see the people counted;
coordinators submit; commissioners and partnership admins see the figures only (403 for the
pages about people). Another partnership's count answers 404. test_count_access.py proves each
denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "outreach:counts": ROLE,  # figures roles: outreach, coordinators, commissioners, admins
    "outreach:count_new": ROLE,  # outreach workers and coordinators
    "outreach:count_monthly": ROLE,  # figures roles
    "outreach:count_month": ROLE,  # outreach workers and coordinators
    "outreach:count_detail": ROLE,  # figures roles; the people counted only for those who count
    "outreach:count_edit": ROLE,  # outreach workers and coordinators
    "outreach:count_submit": ROLE,  # coordinators
    "outreach:count_csv": ROLE,  # figures roles: aggregates only
    "outreach:count_add_bedded_down": ROLE,  # outreach workers and coordinators (POST)
    "outreach:count_person_add": ROLE,  # outreach workers and coordinators
    "outreach:count_person_edit": ROLE,
    "outreach:count_person_remove": ROLE,
    "outreach:count_person_link": ROLE,
}
