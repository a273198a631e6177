"""The demo data gives each city its alert area and a few alerts to try, once however often
seed_demo runs."""

from waypost.referrals.demo import seed_alert_demo
from waypost.referrals.duplicates import group_duplicates
from waypost.referrals.models import Alert, AlertStatus, AreaPostcodeDistrict
from waypost.referrals.routing import route_place


def test_the_demo_areas_and_alerts_are_seeded_once(world, outreach_user):
    for _ in range(2):
        seed_alert_demo(world.coventry)
        seed_alert_demo(world.birmingham)
    assert AreaPostcodeDistrict.objects.filter(partnership=world.coventry).count() == 7
    assert AreaPostcodeDistrict.objects.filter(partnership=world.birmingham).count() == 48
    assert route_place(postcode="", town="Jewellery Quarter").partnership == world.birmingham
    assert route_place(postcode="CV4 7AL", town="").partnership == world.coventry

    coventry = list(Alert.objects.filter(partnership=world.coventry).order_by("reference"))
    assert [a.reference for a in coventry] == [f"CVDEM0000{n}" for n in range(1, 5)]
    waiting = [a for a in coventry if a.status == AlertStatus.WAITING]
    assert sum(1 for a in waiting if a.is_overdue()) == 1
    assert sorted(len(g) for g in group_duplicates(waiting)) == [1, 2]
    assert Alert.objects.get(reference="CVDEM00004").outcome == "engaging"
    assert Alert.objects.filter(partnership=world.birmingham).count() == 1
