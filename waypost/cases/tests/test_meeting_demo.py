"""The demo meetings: the five default series with their coming meetings, and one held
multi-agency case meeting with attendance, minutes and actions; seeding twice adds nothing."""

from waypost.accounts.models import AgencyType, Role
from waypost.cases.meeting_demo import seed_meetings_demo
from waypost.cases.models import Meeting, MeetingKind, MeetingSeries, MeetingStatus, PlanAction
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def test_the_demo_has_every_kind_of_series_and_a_held_mac(world):
    agencies = {
        AgencyType.HOUSING_OPTIONS: world.council,
        AgencyType.OUTREACH: world.outreach,
        AgencyType.HOSPITAL: world.hospital,
    }
    users = {Role.COORDINATOR: make_user("c@demo.test", agency=world.council, role="coordinator")}
    for name in ("Ada", "Bea", "Cy", "Di"):
        make_person(world.council, given_name=name)

    seed_meetings_demo(world.coventry, agencies, users)
    seed_meetings_demo(world.coventry, agencies, users)

    series = MeetingSeries.objects.filter(partnership=world.coventry)
    assert sorted(series.values_list("kind", flat=True)) == sorted(MeetingKind.values)
    held = Meeting.objects.get(partnership=world.coventry, status=MeetingStatus.HELD)
    assert held.kind == MeetingKind.MAC
    assert held.agenda.count() == 3
    assert held.attendance.count() == 2  # the demo agencies this world has
    assert held.minutes.filter(kind="health").count() == 3
    assert PlanAction.objects.filter(meeting=held).count() == 6
    assert PlanAction.objects.filter(meeting=held).overdue().count() == 3
    assert Meeting.objects.filter(partnership=world.coventry, status="planned").count() > 20
