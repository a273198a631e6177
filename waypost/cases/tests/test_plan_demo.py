"""The demo support plans: about ten of each city's demo people get goals and actions owned
by different agencies (some overdue, some done) and lead workers from different agencies,
once however often seed_demo runs."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Partnership, Role, User
from waypost.cases.models import Goal, PlanAction, PlanStatus
from waypost.cases.plan_demo import seed_plans_demo
from waypost.people.models import Person


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_plans_demo(partnership, agencies, users)


def test_the_demo_plans_are_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)
    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        people = Person.objects.filter(partnership=partnership)
        planned = people.filter(pk__in=Goal.objects.values("person"))
        assert planned.count() == 10
        actions = PlanAction.objects.filter(person__partnership=partnership)
        assert actions.overdue(today).exists()
        assert actions.filter(status=PlanStatus.DONE).exists()
        assert actions.values("owner_agency").distinct().count() >= 5
        leads = planned.exclude(lead_worker=None)
        assert leads.count() == 10
        assert leads.values("lead_worker").distinct().count() == 4  # from four agencies
    assert Goal.objects.count() == 2 * 12  # ten people a city, two of them with two goals
