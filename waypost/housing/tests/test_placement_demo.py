"""The demo placements: after the demo register, about six of each city's demo people are
placed in beds that suit them (the couple together), one moves on and one abandons their bed,
and a few have housing needs; once however often seed_demo runs, and nothing without a
register."""

from io import StringIO

from django.core.management import call_command

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import AgencyType, Partnership, Role, User
from waypost.housing.models import AccommodationKind, GenderRule, HousingNeeds, Placement
from waypost.housing.placement_demo import seed_placements_demo
from waypost.housing.register_demo import seed_register_demo
from waypost.people.models import Gender


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_register_demo(partnership, agencies, users)
    seed_placements_demo(partnership, agencies, users)
    return agencies


def test_the_demo_placements_are_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)
    for partnership in Partnership.objects.all():
        # The SWEP sweep demo places people in SWEP beds of its own.
        placements = Placement.objects.filter(partnership=partnership).exclude(
            scheme__kind=AccommodationKind.SWEP
        )
        people = placements.values("person").distinct().count()
        assert people == 6 and placements.count() == 7  # one moved on to a second place
        assert placements.filter(scheme__provider__agency__type=AgencyType.ACCOMMODATION).count()
        ended = dict(placements.exclude(ended_on=None).values_list("end_reason", "scheme__kind"))
        assert set(ended) == {"move_on", "abandonment"}
        assert placements.filter(ended_on=None).count() == 5
        # Nobody is in a bed for the other sex.
        assert not placements.filter(
            scheme__gender_rule=GenderRule.WOMEN, person__gender=Gender.MAN
        ).exists()
        assert not placements.filter(
            scheme__gender_rule=GenderRule.MEN, person__gender=Gender.WOMAN
        ).exists()
        needs = HousingNeeds.objects.filter(person__partnership=partnership)
        assert needs.count() == 4
        couple = list(needs.filter(couple=True))
        assert len(couple) == 2 and {n.partner_id for n in couple} == {n.person_id for n in couple}
        together = placements.filter(person__in=[n.person_id for n in couple], ended_on=None)
        assert together.count() == 2 and together.values("unit").distinct().count() == 1
        assert needs.filter(pet=True).count() == 1


def test_nothing_is_seeded_without_a_register(world, caseworker_user):
    agencies = {AgencyType.ACCOMMODATION: world.shelter, AgencyType.OUTREACH: world.outreach}
    seed_placements_demo(world.coventry, agencies, {Role.OUTREACH_WORKER: caseworker_user})
    assert not Placement.objects.exists() and not HousingNeeds.objects.exists()
