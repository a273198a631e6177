"""Who may reach the placement pages (see waypost/accounts/tests/test_route_coverage.py).

A person's placements: front-line staff (rows by the access policy; 404 for a person they may
not know of). Ending one: staff who place people, and the provider whose scheme it is (403
otherwise). Housing needs, suitable beds and placing: coordinators, caseworkers and outreach
workers (403 for referrers, providers, commissioners; 404 for another partnership's person).
Room for all: coordinators, caseworkers, outreach workers, commissioners and partnership admins
(403 for referrers, providers and data protection officers; 404 for another partnership).
test_placement_access.py, test_needs_form.py and test_room_for_all_page.py prove each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "housing:person_placements": ROLE,
    "housing:placement_end": ROLE,
    "housing:needs": ROLE,
    "housing:person_beds": ROLE,
    "housing:place": ROLE,
    "housing:room_for_all": ROLE,
}
