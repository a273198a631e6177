"""Who may reach the street contact and place pages (see
waypost/accounts/tests/test_route_coverage.py).

Outreach workers, coordinators and caseworkers record and read street contacts (403 for
referrers, commissioners, partnership admins and DPOs); a contact they may not see, or another
partnership's, answers 404. Coordinators and partnership admins keep the partnership's places.
test_contact_access.py and test_place_pages.py prove each denial.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "outreach:contacts": ROLE,  # outreach workers, coordinators, caseworkers
    "outreach:contact_new": ROLE,
    "outreach:contacts_unidentified": ROLE,
    "outreach:contact": ROLE,  # and only a contact the access policy lets them see
    "outreach:contact_identify": ROLE,
    "outreach:contact_identify_new": ROLE,
    "outreach:places": ROLE,  # coordinators and partnership admins
    "outreach:place_new": ROLE,
    "outreach:place_edit": ROLE,
    "outreach:place_active": ROLE,
    "api-street-contacts": ROLE,  # token: outreach workers, coordinators, caseworkers
    "api-street-contact": ROLE,
}
