"""Who may reach the Housing First pages (see waypost/accounts/tests/test_route_coverage.py).
The tests in test_housing_first_*.py prove each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    # Staff whose role covers housing history (the list), commissioners and partnership
    # admins (figures only): test_housing_first_pipeline.py.
    "housing:hf_pipeline": ROLE,
    # Coordinators, caseworkers and outreach workers who may add to the person's housing
    # history: test_housing_first_refer.py.
    "housing:hf_refer": ROLE,
    # Roles covering housing history, through the policy: test_housing_first_case.py.
    "housing:hf_case": ROLE,
    # Coordinators and caseworkers; the panel's decision coordinators only:
    # test_housing_first_steps.py.
    "housing:hf_eligibility": ROLE,
    "housing:hf_panel": ROLE,
    "housing:hf_offer": ROLE,
    "housing:hf_tenancy": ROLE,
    "housing:hf_close": ROLE,
    # Coordinators and partnership admins: test_housing_first_settings.py.
    "housing:settings": ROLE,
}
