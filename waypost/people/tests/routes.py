"""Who may reach the person pages (see waypost/accounts/tests/test_route_coverage.py).

Every person page is for front-line roles (403 for others) and answers 404 for a person the
user may not know of; the tests beside each view prove both.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "people:list": ROLE,
    "people:create": ROLE,
    "people:id_criteria": ROLE,
    "people:id_criterion": ROLE,
    "people:detail": ROLE,
    "people:pdf": ROLE,
    "people:edit": ROLE,
    "people:lead_worker": ROLE,
    "people:add_alias": ROLE,
    "people:add_identifier": ROLE,
    "people:add_id_verification": ROLE,
    "people:add_note": ROLE,
    "people:add_warning": ROLE,
    "people:end_warning": ROLE,
    "people:add_support_need": ROLE,
    "people:add_housing_history": ROLE,
    "people:add_contact_detail": ROLE,
    "people:safe_address": ROLE,
    "people:add_care_of": ROLE,
    "people:log_post": ROLE,
    "people:post_collected": ROLE,
    "api-people": ROLE,
    "api-person": ROLE,
}
