"""The Housing First demo makes no cases without demo people (the cases it makes:
accounts/tests/test_demo_world.py)."""

from waypost.housing.housing_first_demo import seed_housing_first_demo
from waypost.housing.models import (
    HousingFirstCase,
    HousingFirstStage,
)

S = HousingFirstStage


def test_no_demo_people_no_demo_cases(world):
    seed_housing_first_demo(world.coventry, {}, {})
    assert not HousingFirstCase.objects.exists()
