"""The access policy's core rules, one behaviour each (the property test covers combinations)."""

from datetime import date, timedelta

from waypost.audit.models import Section
from waypost.people.models import Person
from waypost.sharing.actions import record_sharing_permission
from waypost.sharing.models import BreakGlass, ObtainedHow, PermissionStatus
from waypost.sharing.policy import access_for
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def test_an_agency_sees_what_it_recorded_without_any_agreement(world, caseworker_user):
    person = make_person(world.council)
    access = access_for(caseworker_user, person)
    assert access.knows_exists
    assert access.can_see(Section.HEALTH, world.council.pk)
    assert not access.can_see(Section.HEALTH, world.outreach.pk)
    assert Person.objects.visible_to(caseworker_user).filter(pk=person.pk).exists()


def test_without_a_signature_another_agency_sees_nothing(world, outreach_user, caseworker_user):
    person = make_person(world.council)
    give_consent(person, caseworker_user, world.council)
    sign_agreement_for(world.council)  # outreach has not signed
    access = access_for(outreach_user, person)
    assert not access.knows_exists
    assert not access.can_see(Section.IDENTITY, world.council.pk)
    assert not Person.objects.visible_to(outreach_user).filter(pk=person.pk).exists()


def test_signed_agency_with_consent_sees_the_sections_consented(
    world, outreach_user, caseworker_user
):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council, sections=[Section.IDENTITY])
    access = access_for(outreach_user, person)
    assert access.can_see(Section.IDENTITY, world.council.pk)
    assert not access.can_see(Section.HEALTH, world.council.pk)
    assert Person.objects.visible_to(outreach_user).filter(pk=person.pk).exists()


def test_signed_agency_without_consent_knows_only_that_the_record_exists(world, outreach_user):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)
    access = access_for(outreach_user, person)
    assert access.knows_exists
    assert not access.can_see(Section.IDENTITY, world.council.pk)
    assert not Person.objects.visible_to(outreach_user).filter(pk=person.pk).exists()


def test_withdrawal_takes_effect_on_the_next_read(world, outreach_user, caseworker_user):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    assert access_for(outreach_user, person).can_see(Section.SUPPORT, world.council.pk)
    record_sharing_permission(
        person,
        status=PermissionStatus.WITHDRAWN,
        sections=[],
        obtained_how=ObtainedHow.VERBAL_WITNESSED,
        witness_name="Wren Witness",
        by=caseworker_user,
        agency=world.council,
    )
    assert not access_for(outreach_user, person).can_see(Section.SUPPORT, world.council.pk)
    assert not Person.objects.visible_to(outreach_user).filter(pk=person.pk).exists()


def test_an_expired_signature_stops_sharing(world, outreach_user, caseworker_user):
    person = make_person(world.council)
    sign_agreement_for(world.council)
    sign_agreement_for(world.outreach, ends_on=date.today() - timedelta(days=1))
    give_consent(person, caseworker_user, world.council)
    assert not access_for(outreach_user, person).knows_exists


def test_consent_limited_to_named_agencies(world, outreach_user, referrer_user, caseworker_user):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach, world.hospital)
    give_consent(person, caseworker_user, world.council, agencies=[world.hospital])
    assert not access_for(outreach_user, person).can_see(Section.IDENTITY, world.council.pk)
    assert access_for(referrer_user, person).can_see(Section.IDENTITY, world.council.pk)


def test_role_limits_what_consent_can_open(world, referrer_user, caseworker_user):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    access = access_for(referrer_user, person)
    assert access.can_see(Section.IDENTITY, world.council.pk)
    assert not access.can_see(Section.HEALTH, world.council.pk)


def test_break_glass_opens_the_record_for_its_time_only(world, outreach_user):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)
    use = BreakGlass.objects.create(
        user=outreach_user,
        agency=world.outreach,
        person=person,
        reason="Found unconscious",
        expires_at=BreakGlass.default_expiry(),
    )
    assert access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)
    assert Person.objects.visible_to(outreach_user).filter(pk=person.pk).exists()
    BreakGlass.objects.filter(pk=use.pk).update(expires_at=use.started_at)
    assert not access_for(outreach_user, person).can_see(Section.HEALTH, world.council.pk)


def test_other_partnerships_see_nothing(world, birmingham_admin_user, caseworker_user):
    person = make_person(world.council)
    assert not access_for(birmingham_admin_user, person).knows_exists


def test_commissioners_and_dpos_see_no_casework(world, commissioner_user, dpo_user):
    person = make_person(world.council)
    for user in (commissioner_user, dpo_user):
        assert not access_for(user, person).knows_exists
        assert not Person.objects.visible_to(user).exists()


def test_restricted_records_leave_lists(world, caseworker_user):
    from waypost.sharing.actions import restrict_processing

    person = make_person(world.council)
    restrict_processing(person, reason="Accuracy contested", by=caseworker_user)
    assert not Person.objects.visible_to(caseworker_user).filter(pk=person.pk).exists()
    assert access_for(caseworker_user, person).knows_exists


def test_the_menu_offers_people_to_exactly_the_roles_the_policy_gives_sections():
    from waypost.accounts.context_processors import FRONTLINE_ROLES as MENU_ROLES
    from waypost.sharing.policy import FRONTLINE_ROLES

    assert MENU_ROLES == FRONTLINE_ROLES
