"""Money-in pages (income_views.py): fund managers of the fund's partnership only; other roles
get 403 and another partnership's fund 404. test_income_access.py proves each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "funds:income_new": ROLE,
    "funds:settlement_new": ROLE,
    "funds:settlements": ROLE,
    "funds:settlement": ROLE,
}
