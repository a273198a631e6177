from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from waypost.audit.models import AccessEvent, Channel, Section


@pytest.fixture
def make_event():
    """Write an access event directly (as an access function would), with overrides."""

    def make(user: Any, **overrides: Any) -> AccessEvent:
        fields: dict[str, Any] = {
            "user": user,
            "agency": None,
            "subject_type": "person",
            "subject_id": "x",
            "section": Section.IDENTITY,
            "channel": Channel.PAGE,
            "route": "people:detail",
        }
        fields.update(overrides)
        return AccessEvent.objects.create(**fields)

    return make


def london(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


# Subject access and retention: a person with something in every registered model.

FULL_NAME = ("Robin", "Quennell")
SAFE_ADDRESS_LINE = "7 Hidden Refuge Lane"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def full_record(world, caseworker_user, media_root):
    """A Coventry person (Robin Quennell) with a row in every model the export registers,
    a safe address, and a second record merged into theirs."""
    return make_full_record(world, caseworker_user)


def make_full_record(world: Any, user: Any) -> dict[str, Any]:
    from datetime import date, timedelta

    from django.core.files.base import ContentFile

    from waypost.people import models as people
    from waypost.sharing import models as sharing
    from waypost.testing.people import make_person

    agency = world.council
    person = make_person(agency, user, given_name=FULL_NAME[0], family_name=FULL_NAME[1])
    merged = make_person(agency, user, given_name="Rob", family_name="Quenell")
    people.Person.objects.filter(pk=merged.pk).update(merged_into=person, merged_at=timezone.now())
    mine = {"person": person, "recorded_by": user, "recorded_by_agency": agency}
    rows: dict[str, Any] = {
        "people.Person": person,
        # Shaped as waypost.people.merging records a merge: field values before and after.
        "people.Merge": people.Merge.objects.create(
            kept=person,
            merged=merged,
            merged_by=user,
            kept_before={"given_name": FULL_NAME[0], "family_name": "Quenell"},
            field_choices={"name": "kept"},
            moved={"rows": {}, "kept_after": {"given_name": FULL_NAME[0]}, "kept_version": 2},
        ),  # fmt: skip
        "people.Alias": people.Alias.objects.create(
            kind="nickname", given_name="Robbo", family_name="", **mine
        ),
        "people.Identifier": people.Identifier.objects.create(
            kind="nhs_number", value="9434765919", partnership=world.coventry, **mine
        ),
        "people.ContactDetail": people.ContactDetail.objects.create(
            kind="phone", value="07700 900123", notes="Ask for Sam at the hostel", **mine
        ),
        "people.SupportNeed": people.SupportNeed.objects.create(
            kind="mental_health", detail="Sees the crisis team", **mine
        ),
        "people.HousingHistoryEntry": people.HousingHistoryEntry.objects.create(
            accommodation="Sofa surfing at a friend's flat", reason_left="Asked to leave", **mine
        ),
        "people.Note": people.Note.objects.create(
            kind="health", text="Discussed medication with sister Alex", **mine
        ),
        "people.StaffSafetyWarning": people.StaffSafetyWarning.objects.create(
            text="Has a large dog", **mine
        ),
    }
    criterion = people.IdVerificationCriterion.objects.create(
        partnership=world.coventry, text="Known to the service for over 6 months"
    )
    verification = people.IdVerification.objects.create(
        verifier_name="Dr Pat Example",
        verifier_role="GP",
        verifier_organisation="Riverside Surgery",
        verified_on=date.today(),
        **mine,
    )
    verification.criteria.add(criterion)
    rows["people.IdVerification"] = verification
    care_of = people.CareOfAddress.objects.create(
        hub=world.outreach, address="Day Centre, 1 High Street, Coventry", **mine
    )
    rows["people.CareOfAddress"] = care_of
    rows["people.PostItem"] = people.PostItem.objects.create(
        care_of=care_of, description="DWP letter", logged_by=user
    )
    rows["safe_address"] = people.SafeAddress.objects.create(
        line_1=SAFE_ADDRESS_LINE, town="Coventry", postcode="CV1 1AA", **mine
    )
    people.Alias.objects.create(
        person=merged, kind="previous_name", given_name="Robyn", family_name="Quenell",
        recorded_by_agency=agency,
    )  # fmt: skip

    old = sharing.SharingPermission.objects.create(
        person=person,
        status="given",
        obtained_how="signed_proforma",
        witness_name="Wren Witness",
        recorded_by=user,
        recorded_by_agency=agency,
        is_current=False,
        recorded_at=timezone.now() - timedelta(days=400),
    )
    old.proforma.save(f"{old.pk}.pdf", ContentFile(b"%PDF-1.4 signed consent form"), save=True)
    sharing.PermittedSection.objects.create(permission=old, section=Section.HEALTH)
    rows["sharing.SharingPermission"] = old
    rows["sharing.LawfulBasis"] = sharing.LawfulBasis.objects.create(
        person=person, article_6="public_task", notes="Assessed by the duty team",
        recorded_by=user, recorded_by_agency=agency,
    )  # fmt: skip
    rows["sharing.BreakGlass"] = sharing.BreakGlass.objects.create(
        user=user, agency=world.outreach, person=person, reason="Found unwell at night",
        expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    rows["audit.AccessEvent"] = AccessEvent.objects.create(
        user=user, agency=agency, person_id=person.pk, subject_type="person",
        subject_id=str(person.pk), section=Section.HEALTH, channel=Channel.PAGE,
        route="people:detail",
    )  # fmt: skip
    from waypost.referrals.models import Alert, AlertVisit

    alert = Alert.objects.create(
        partnership=world.coventry, person=person, due_on=date.today(), status="closed",
        outcome="engaging", closed_at=timezone.now(), alerter_type="public",
        location_description="Doorway of the bank on Broadgate", appearance="Green parka",
        alerter_email="alerter@example.com", wants_feedback=True,
    )  # fmt: skip
    rows["referrals.Alert"] = alert
    rows["referrals.AlertVisit"] = AlertVisit.objects.create(
        alert=alert, visited_at=timezone.now(), outcome="engaging", notes="Met at Broadgate",
        recorded_by=user, recorded_by_agency=world.outreach,
    )  # fmt: skip
    from waypost.referrals import models as referrals

    referral = referrals.Referral.objects.create(
        partnership=world.coventry, referring_agency=world.hospital, body_type="hospital_inpatient",
        consent_given=True, consent_method="verbal", consent_given_on=date.today(),
        given_name="Robyn", family_name="Quenell", phone="07700 900123", match_key="robyn|quenell|",
        contact_notes="Ask for Sam", situation="threatened", reason="family_friends",
        reason_detail="Sister Alex asked her to leave Wardle Close", pathway="hospital",
        person=person, referrer_email="ward41@uhcw.example",
    )  # fmt: skip
    rows["referrals.Referral"] = referral
    rows["referrals.Duty"] = referrals.Duty.objects.create(
        referral=referral, kind="prevention", started_on=date.today(), ends_on=date.today(),
        ended_on=date.today(), outcome="secured_6_months", outcome_notes="Flat on Wardle Close",
    )  # fmt: skip
    rows["referrals.Triage"] = referrals.Triage.objects.create(
        referral=referral, eligibility="eligible", local_connection="elsewhere",
        connection_area="Wardle Close", public_funds="has_recourse", route="reconnection",
        notes="Sister Alex in Leeds",
    )  # fmt: skip
    rows["referrals.ReconnectionOffer"] = referrals.ReconnectionOffer.objects.create(
        referral=referral, destination="Leeds", destination_contact="Sister Alex, 07700 900123",
        offer="Train ticket to Wardle Close", offered_on=date.today(), follow_up_on=date.today(),
        follow_up_notes="Alex says she arrived",
    )  # fmt: skip
    rows["referrals.Discharge"] = referrals.Discharge.objects.create(
        referral=referral, expected_on=date.today(), institution="University Hospital Coventry",
        ward_or_wing="Ward 41", contact_name="Nurse Wren Witness", contact_role="Discharge nurse",
        contact_email="ward41@uhcw.example", needs_on_release="Dressings for the Wardle Close fall",
    )  # fmt: skip
    rows.update(_street_and_case_rows(world, person, user, mine))
    rows.update(_housing_rows(world, person, user, mine))
    rows.update(_funds_rows(world, person, user))
    rows["merged"] = merged
    return rows


def _street_and_case_rows(world: Any, person: Any, user: Any, mine: dict) -> dict[str, Any]:
    from datetime import date

    from waypost.cases import models as cases
    from waypost.outreach import models as outreach

    place = outreach.Place.objects.create(partnership=world.coventry, name="Broadgate")
    rows: dict[str, Any] = {
        "outreach.StreetContact": outreach.StreetContact.objects.create(
            partnership=world.coventry, person=person, place=place, bedded_down=True,
            location_detail="Doorway of the bank on Broadgate", latitude=52.40806,
            longitude=-1.51049, offered=["food"], accepted=["food"],
            description="Green parka", notes="Sister Alex visits", recorded_by=user,
            recorded_by_agency=world.outreach,
        ),
    }  # fmt: skip
    entry = outreach.ByNameEntry.objects.create(
        partnership=world.coventry, person=person, status="rough_sleeping",
        added_by_agency=world.outreach, last_contact_at=timezone.now(), tier=2,
    )  # fmt: skip
    rows["outreach.ByNameEntry"] = entry
    rows["outreach.StatusChange"] = outreach.StatusChange.objects.create(
        entry=entry, person=person, status="rough_sleeping", recorded_by_agency=world.outreach
    )
    count = outreach.StreetCount.objects.create(
        partnership=world.coventry, kind="annual", night=date.today(),
        recorded_by_agency=world.outreach,
    )  # fmt: skip
    rows["outreach.CountedPerson"] = outreach.CountedPerson.objects.create(
        count=count, person=person, gender="male", age="26_plus", nationality="uk",
        description="Green parka at Broadgate",
    )  # fmt: skip
    assessment = cases.Assessment.objects.create(summary="Sister Alex is a support", **mine)
    rows["cases.Assessment"] = assessment
    rows["cases.AssessmentAnswer"] = cases.AssessmentAnswer.objects.create(
        assessment=assessment, domain="mental_health", level=2, details="Sees the crisis team"
    )
    model = cases.ThresholdModel.objects.create(
        partnership=world.coventry, version=1, rules={}, tiers=[[1, 10], [2, 5], [3, 0]]
    )
    rows["cases.TierResult"] = cases.TierResult.objects.create(
        person=person, model=model, assessment=assessment, score=2, tier=3,
        explanation=[{"factor": "mental_health", "label": "Mental health: medium",
                      "section": "health", "points": 2}],
        recorded_by_agency=world.council,
    )  # fmt: skip
    goal = cases.Goal.objects.create(text="Move near sister Alex", **mine)
    rows["cases.Goal"] = goal
    rows["cases.PlanAction"] = cases.PlanAction.objects.create(
        goal=goal, text="Call sister Alex", owner_agency=world.council, due_on=date.today(),
        outcome="Alex says yes", **mine,
    )  # fmt: skip
    meeting = cases.Meeting.objects.create(
        partnership=world.coventry, kind="mac", starts_at=timezone.now()
    )
    rows["agenda_item"] = cases.AgendaItem.objects.create(
        meeting=meeting, person=person, reasons=["tier"]
    )
    rows["cases.Minute"] = cases.Minute.objects.create(
        meeting=meeting, kind="health", text="Wren Witness reports a fall", **mine
    )
    rows["cases.EnforcementAction"] = cases.EnforcementAction.objects.create(
        kind="cpw", details="Begging at Broadgate", override_reason="Sister Alex asked", **mine
    )
    notification = cases.DeathNotification.objects.create(
        place_of_death="Broadgate", circumstances="Found by Wren Witness", **mine
    )
    rows["death_notification"] = notification
    rows["death_review"] = cases.DeathReview.objects.create(
        notification=notification, circumstances="Sister Alex last saw", learning="Broadgate",
        reviewed_by_agency=world.council,
    )  # fmt: skip
    return rows


def _housing_rows(world: Any, person: Any, user: Any, mine: dict) -> dict[str, Any]:
    from datetime import date, timedelta

    from waypost.housing import models as housing
    from waypost.swep import models as swep

    provider = housing.Provider.objects.create(
        partnership=world.coventry, agency=world.outreach, name="Shelter"
    )
    scheme = housing.Scheme.objects.create(
        partnership=world.coventry, provider=provider, name="Night shelter", kind="night_shelter"
    )
    unit = housing.Unit.objects.create(scheme=scheme, label="Bed 1")
    landlord = housing.Landlord.objects.create(
        partnership=world.coventry, name="Homes Ltd", kind="private"
    )
    home = housing.Property.objects.create(
        partnership=world.coventry, landlord=landlord, address="1 Example Street"
    )
    placement = housing.Placement.objects.create(
        partnership=world.coventry, unit=unit, scheme=scheme, started_on=date.today(),
        notes="Call sister Alex first", **mine,
    )  # fmt: skip
    tenancy = housing.Tenancy.objects.create(
        partnership=world.coventry, property=home, landlord=landlord, notes="Wren Witness helps",
        **mine,
    )  # fmt: skip
    case = housing.HousingFirstCase.objects.create(
        partnership=world.coventry, referral_reason="Sleeps at Broadgate",
        eligibility_notes="Sister Alex agrees", closed_reason="", tenancy=tenancy, **mine,
    )  # fmt: skip
    activation = swep.Activation.objects.create(
        partnership=world.coventry, kind="cold", status="ended", starts_at=timezone.now(),
        expected_end_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    return {
        "housing.Placement": placement,
        "housing.HousingNeeds": housing.HousingNeeds.objects.create(
            pet=True, notes="Has a large dog called Broadgate", **mine
        ),
        "housing.HousingFirstCase": case,
        "housing.HousingFirstStageChange": housing.HousingFirstStageChange.objects.create(
            case=case, person=person, stage="referred", recorded_by_agency=world.council
        ),
        "housing.Tenancy": tenancy,
        "housing.TenancyRisk": housing.TenancyRisk.objects.create(
            tenancy=tenancy, kind="rent_arrears", details="DWP letter about sister Alex", **mine
        ),
        "swep.SweepRecord": swep.SweepRecord.objects.create(
            activation=activation,
            person=person,
            outcome="declined",
            declined_reason="Wants to stay near Broadgate",
            recorded_by_agency=world.outreach,
        ),  # fmt: skip
    }


def _funds_rows(world: Any, person: Any, user: Any) -> dict[str, Any]:
    from datetime import date

    from waypost.funds.models import Connection, PersonalBudget, ReconnectionOffer
    from waypost.funds.tests.factories import ask, make_fund

    fund = make_fund(world.council)
    agency = {"person": person, "recorded_by_agency": world.council}
    return {
        "funds.GrantRequest": ask(fund, person, user, 4_000, reason="Sister Alex's deposit"),
        "funds.ReconnectionOffer": ReconnectionOffer.objects.create(
            offered_by=user, destination="Leeds", connection=Connection.FAMILY,
            details="Sister Alex will meet the coach", offered_on=date.today(), **agency,
        ),
        "funds.PersonalBudget": PersonalBudget.objects.create(
            agreed_by=user, fund=fund, amount_pence=20_000, agreed_on=date.today(),
            notes="Wren Witness helps plan it", **agency,
        ),
    }  # fmt: skip


def open_request_for(dpo: Any, world: Any, person: Any = None, **fields: Any) -> Any:
    """A request received today in Coventry, opened by `dpo`, optionally linked to `person`."""
    from waypost.audit.subject_access.actions import identify_person, open_request

    fields.setdefault("received_on", timezone.localdate())
    sar = open_request(partnership=world.coventry, by=dpo, **fields)
    if person is not None:
        identify_person(sar, person, by=dpo)
    return sar
