"""Who may reach the SWEP staff pages (see waypost/accounts/tests/test_route_coverage.py).
test_activation_access.py, test_forecast_pages.py, test_settings_page.py and
test_subscription_pages.py prove each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    # Any active member of staff of the partnership (another partnership's: 404).
    "swep:home": ROLE,
    "swep:activation": ROLE,
    "swep:subscriptions": ROLE,
    # Coordinators.
    "swep:forecast_new": ROLE,
    "swep:propose": ROLE,
    "swep:rota": ROLE,
    "swep:rota_remove": ROLE,
    # Coordinators and partnership admins.
    "swep:settings": ROLE,
    # Activators: coordinators, partnership admins and commissioners of the partnership.
    "swep:activate": ROLE,
    "swep:not_activate": ROLE,
    "swep:start": ROLE,
    "swep:end": ROLE,
}
