"""Who may reach the landlord, tenancy and sanction pages (see
waypost/accounts/tests/test_route_coverage.py). The tests in test_landlord_*.py,
test_tenancy_*.py and test_sanction_*.py prove each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    # Coordinators and partnership admins keep landlords; caseworkers read them. Another
    # partnership's landlord is not found (test_landlord_access.py).
    "housing:landlords": ROLE,
    "housing:landlord": ROLE,
    "housing:landlord_new": ROLE,
    "housing:landlord_edit": ROLE,
    "housing:agreement_new": ROLE,
    "housing:property_new": ROLE,
    "housing:property_edit": ROLE,
    "housing:incentive_new": ROLE,
    # Roles covering housing history, on tenancies the policy lets them see
    # (test_tenancy_access.py).
    "housing:tenancy_new": ROLE,
    "housing:person_tenancies": ROLE,
    "housing:tenancy": ROLE,
    "housing:tenancy_end": ROLE,
    "housing:tenancy_refer": ROLE,
    "housing:risk_new": ROLE,
    "housing:risk_resolve": ROLE,
    # Coordinators and caseworkers; rows through the policy (test_tenancy_list.py).
    "housing:tenancies": ROLE,
    # Staff of DWP agencies only (test_sanction_door.py).
    "housing:sanction_notify": ROLE,
}
