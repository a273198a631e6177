"""The demo: the default model and assessments, with tiers, for about half the people; seeding
again changes nothing."""

from waypost.accounts.models import Agency, AgencyType, Role
from waypost.cases.models import Assessment, ThresholdModel, TierResult
from waypost.cases.threshold_demo import seed_threshold_demo
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def test_it_assesses_about_half_the_people_once(world):
    charity = Agency.objects.create(
        partnership=world.coventry, name="Coventry Charity", type=AgencyType.CHARITY
    )
    caseworker = make_user("cw@charity.test", agency=charity, role=Role.CASEWORKER, totp=False)
    for n in range(10):
        make_person(world.council, given_name=f"Demo{n}")
    agencies = {AgencyType.CHARITY: charity, AgencyType.HOUSING_OPTIONS: world.council}
    users = {Role.CASEWORKER: caseworker}

    seed_threshold_demo(world.coventry, agencies, users)
    seed_threshold_demo(world.coventry, agencies, users)

    assert ThresholdModel.objects.filter(partnership=world.coventry).count() == 1
    assert Assessment.objects.count() == 5
    assert TierResult.objects.count() == 5
    assert set(Assessment.objects.values_list("recorded_by_agency", flat=True)) == {charity.pk}
    assert {r.tier for r in TierResult.objects.all()} <= {1, 2, 3}
