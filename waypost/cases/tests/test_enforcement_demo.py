"""The demo: one enforcement with the charter met, one with a coordinator's override, and one
death with a completed review and a published learning summary with nothing identifying.
Seeding twice adds nothing."""

from waypost.accounts.models import AgencyType, Role
from waypost.cases.death_actions import identifying_facts, identifying_problems
from waypost.cases.enforcement_demo import seed_enforcement_demo
from waypost.cases.models import DeathReview, EnforcementAction, ReviewStatus
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.testing.people import sign_agreement_for
from waypost.testing.personas import make_user


def _demo(world):
    agencies = {AgencyType.HOUSING_OPTIONS: world.council, AgencyType.OUTREACH: world.outreach}
    sign_agreement_for(world.council, world.outreach)
    users = {
        Role.COORDINATOR: make_user("c@demo.test", agency=world.council, role=Role.COORDINATOR),
        Role.OUTREACH_WORKER: make_user(
            "o@demo.test", agency=world.outreach, role=Role.OUTREACH_WORKER
        ),
    }
    return agencies, users


def test_the_demo_seeds_enforcement_and_a_reviewed_death_once(world):
    agencies, users = _demo(world)
    seed_enforcement_demo(world.coventry, agencies, users)
    seed_enforcement_demo(world.coventry, agencies, users)
    actions = EnforcementAction.objects.order_by("taken_on")
    assert actions.count() == 2
    met, overridden = actions
    assert met.override_reason == "" and met.support_on_record
    assert overridden.override_reason and overridden.overridden_by == users[Role.COORDINATOR]
    review = DeathReview.objects.get()
    assert review.status == ReviewStatus.COMPLETE and review.summary_published_at
    person = review.notification.person
    assert ByNameEntry.objects.get(person=person).status == ListStatus.DECEASED
    facts = identifying_facts(person, review.notification)
    assert identifying_problems(review.learning_summary, facts) == []
