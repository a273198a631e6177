"""Who may reach the pages about money for a person (see accounts/tests/test_route_coverage.py).

The person's money page is for front-line staff and asking is for requesters (403 for other
roles; test_request_pages.py). A request's page and the approvals queue are open to any signed-in
member because budget holders are named on a fund whatever their role: the request page answers
404 to anyone who may not see it (test_request_access.py), the queue lists only the user's own
funds' requests.
"""

from waypost.testing.routes import ROLE, SIGNED_IN

ROUTES = {
    "funds:person_money": ROLE,
    "funds:request_new": ROLE,
    "funds:request": SIGNED_IN,
    "funds:approvals": SIGNED_IN,
}
