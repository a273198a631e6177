"""The placements demo seeds nothing without a register (what the demo places:
accounts/tests/test_demo_world.py)."""

from waypost.accounts.models import AgencyType, Role
from waypost.housing.models import HousingNeeds, Placement
from waypost.housing.placement_demo import seed_placements_demo


def test_nothing_is_seeded_without_a_register(world, caseworker_user):
    agencies = {AgencyType.ACCOMMODATION: world.shelter, AgencyType.OUTREACH: world.outreach}
    seed_placements_demo(world.coventry, agencies, {Role.OUTREACH_WORKER: caseworker_user})
    assert not Placement.objects.exists() and not HousingNeeds.objects.exists()
