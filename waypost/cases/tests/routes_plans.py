"""Who may reach the support plan, action list and timeline routes (see
waypost/accounts/tests/test_route_coverage.py).

All are for front-line roles (403 for partnership admins, commissioners and DPOs). A person's
pages answer 404 for someone the user may not know of; adding goals and actions needs a role
covering support (403 for referrers); changing an action is for its owner agency, the agency
that agreed it, coordinators and the lead worker (403 for others who see it). The tests in
test_plan_*.py and test_timeline_*.py prove each denial.
"""

from waypost.testing.routes import ROLE

ROUTES = {
    "cases:plan": ROLE,
    "cases:add_goal": ROLE,
    "cases:close_goal": ROLE,
    "cases:add_action": ROLE,
    "cases:update_action": ROLE,
    "cases:timeline": ROLE,
    "cases:my_actions": ROLE,
    "cases:agency_actions": ROLE,
    "cases:overdue_actions": ROLE,
    "api-person-timeline": ROLE,
}
