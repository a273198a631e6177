"""Who may reach the duplicate review queue and the match API (route-coverage test).

Coordinators and caseworkers review pairs (403 for other roles, 404 for a pair they may not
see: test_dedupe_review.py); the match API is for roles that see identity (test_match_api.py).
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "duplicates:list": ROLE,
    "duplicates:pair": ROLE,
    "api-people-match": ROLE,
}
