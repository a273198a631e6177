"""Who may reach each sharing route (see waypost/testing/routes.py)."""

from waypost.testing.routes import ROLE, SIGNED_IN

ROUTES = {
    "sharing:agreements": ROLE,  # partnership admins, coordinators, DPOs
    "sharing:agreement": ROLE,
    "sharing:agreement_publish": ROLE,  # partnership admins
    "sharing:signature": ROLE,
    "sharing:signature_end": ROLE,
    "sharing:person": SIGNED_IN,  # the access policy decides, per person
    "sharing:permission": SIGNED_IN,
    "sharing:lawful_basis": SIGNED_IN,
    "sharing:restriction": SIGNED_IN,
    "sharing:break_glass": SIGNED_IN,
    "sharing:proforma": SIGNED_IN,
    "sharing:break_glass_review": ROLE,  # data protection officers
    "sharing:break_glass_use": ROLE,
}
