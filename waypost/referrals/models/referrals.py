"""Referrals from public bodies and others (the Duty to Refer, Homelessness Reduction Act 2017),
the hospital discharge and prison release pathways, triage by the housing options team, and the
56-day prevention and relief duty clocks.

A referral is never silently dropped: it is waiting for triage until the housing options team
accepts it, then open until it is closed with a reason. Everything the referrer typed about the
person is personal data (section housing history); the referrer sees their own agency's
referrals and what became of them, never the person's record.
Reads go through waypost.referrals.referral_access; writes through the referral actions.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.referrals.models.alerts import format_reference, new_reference

DUTY_DAYS = 56  # the prevention and relief duties each last 56 days (Housing Act 1996 Part 7)
EXPIRING_DAYS = 7  # a duty clock with this many days or fewer left is shown as expiring
REMINDER_DAYS = (7, 2)  # days before discharge at which, with nowhere confirmed, we notify
COUNTDOWN_DAYS = 28  # the discharge board shows everyone due out within this many days


class BodyType(models.TextChoices):
    """Who is referring. The first twelve are the public bodies with the Duty to Refer
    (Homelessness (Review Procedure etc.) Regulations 2018, reg. 10); the rest refer
    voluntarily."""

    PRISON = "prison", "Prison"
    YOUNG_OFFENDER_INSTITUTION = "young_offender_institution", "Young offender institution"
    SECURE_TRAINING_CENTRE = "secure_training_centre", "Secure training centre"
    SECURE_COLLEGE = "secure_college", "Secure college"
    YOUTH_OFFENDING_TEAM = "youth_offending_team", "Youth offending team"
    PROBATION = "probation", "Probation service"
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    SOCIAL_SERVICES = "social_services", "Social services"
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
    URGENT_TREATMENT_CENTRE = "urgent_treatment_centre", "Urgent treatment centre"
    HOSPITAL_INPATIENT = "hospital_inpatient", "Hospital inpatient service"
    ARMED_FORCES = "armed_forces", "The armed forces (Ministry of Defence)"
    GP = "gp", "GP or other primary care"
    MENTAL_HEALTH = "mental_health", "Community mental health service"
    POLICE = "police", "Police"
    HOUSING_PROVIDER = "housing_provider", "Housing association or landlord"
    CHARITY = "charity", "Charity or voluntary organisation"
    OTHER = "other", "Another organisation"


STATUTORY_BODIES = frozenset(
    {
        BodyType.PRISON,
        BodyType.YOUNG_OFFENDER_INSTITUTION,
        BodyType.SECURE_TRAINING_CENTRE,
        BodyType.SECURE_COLLEGE,
        BodyType.YOUTH_OFFENDING_TEAM,
        BodyType.PROBATION,
        BodyType.JOBCENTRE_PLUS,
        BodyType.SOCIAL_SERVICES,
        BodyType.EMERGENCY_DEPARTMENT,
        BodyType.URGENT_TREATMENT_CENTRE,
        BodyType.HOSPITAL_INPATIENT,
        BodyType.ARMED_FORCES,
    }
)


class Pathway(models.TextChoices):
    NONE = "none", "No discharge pathway"
    HOSPITAL = "hospital", "Hospital discharge"
    PRISON = "prison", "Prison release"


class HousingSituation(models.TextChoices):
    THREATENED = "threatened", "Threatened with homelessness within 56 days"
    HOMELESS = "homeless", "Homeless now"
    ROUGH_SLEEPING = "rough_sleeping", "Sleeping rough now"


class ReferralReason(models.TextChoices):
    """Why the person is losing or has lost their home (the categories of the government's
    H-CLIC return, so the analysis lines up with the statutory figures)."""

    FAMILY_FRIENDS = "family_friends", "Family or friends no longer willing or able to house them"
    END_PRIVATE_TENANCY = "end_private_tenancy", "End of a private rented tenancy"
    END_SOCIAL_TENANCY = "end_social_tenancy", "End of a social rented tenancy"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    OTHER_VIOLENCE = "other_violence", "Other violence or harassment"
    RELATIONSHIP = "relationship", "Relationship breakdown (not violent)"
    LEAVING_INSTITUTION = "leaving_institution", "Leaving hospital, prison or another institution"
    LEAVING_CARE = "leaving_care", "Leaving care"
    LEAVING_ARMED_FORCES = "leaving_armed_forces", "Leaving the armed forces"
    SUPPORTED_HOUSING = "supported_housing", "Eviction from supported housing"
    MORTGAGE = "mortgage", "Mortgage repossession"
    OTHER = "other", "Another reason"


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", "Told me (verbal consent)"
    WRITTEN = "written", "Signed a form (written consent)"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    REFERRER = "referrer", "Through me, the referrer"


class ReferralSource(models.TextChoices):
    WEB = "web", "Waypost's referral form"
    API = "api", "Another app, through the API"


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for triage"
    ACCEPTED = "accepted", "Accepted"
    CLOSED = "closed", "Closed"


class ClosureReason(models.TextChoices):
    DUTY_ENDED = "duty_ended", "The prevention or relief duty ended"
    ADVICE_ONLY = "advice_only", "Advice given; no duty owed"
    NO_CONTACT = "no_contact", "No contact after repeated attempts"
    WITHDRAWN = "withdrawn", "The person withdrew"
    OTHER_AUTHORITY = "other_authority", "Referred to another local authority"
    DUPLICATE = "duplicate", "A duplicate of another referral"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def waiting(self) -> "ReferralQuerySet":
        return self.filter(status=ReferralStatus.WAITING)

    def open(self) -> "ReferralQuerySet":
        return self.exclude(status=ReferralStatus.CLOSED)

    def counted(self) -> "ReferralQuerySet":
        """Referrals that count in figures: not closed as a duplicate of another."""
        return self.exclude(closure_reason=ClosureReason.DUPLICATE)


class Referral(models.Model):
    """A referral of someone homeless or threatened with homelessness to a partnership's
    housing options team, with the person's consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=10, unique=True, default=new_reference)
    received_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=10, choices=ReferralSource.choices, default=ReferralSource.WEB
    )
    # The local authority (partnership) the person chose to be referred to.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="referrals"
    )

    # Who referred
    referring_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_made"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body_type = models.CharField(max_length=30, choices=BodyType.choices)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)

    # Consent to the referral (required by the Act) and how it was given.
    consent_given = models.BooleanField()
    consent_method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    consent_given_on = models.DateField()

    # The person, as the referrer gave them
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    safe_to_leave_message = models.BooleanField(default=False)
    contact_notes = models.TextField(
        blank=True, help_text="Where and when to reach them; anything to avoid"
    )
    # Lower-case name and date of birth: finds the same person referred twice in a day.
    match_key = models.CharField(max_length=250, db_index=True, editable=False)

    # Their situation
    situation = models.CharField(max_length=20, choices=HousingSituation.choices)
    reason = models.CharField(max_length=30, choices=ReferralReason.choices)
    reason_detail = models.TextField()
    pathway = models.CharField(max_length=10, choices=Pathway.choices, default=Pathway.NONE)

    # Triage by the housing options team
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_referrals",
    )
    # The agency responsible for the person's housing from here on: the caseworker's.
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    # Optimistic locking: two caseworkers triaging at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "received_at"], name="referral_queue"),
            models.Index(fields=["referring_agency", "received_at"], name="referral_by_agency"),
            models.Index(fields=["assigned_to", "status"], name="referral_caseload"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(consent_given=True), name="referral_has_consent"),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="referral_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # No name: str() ends up in logs.
        return f"Referral {self.id}"

    @property
    def display_reference(self) -> str:
        return format_reference(self.reference)

    @property
    def is_duty_to_refer(self) -> bool:
        return self.body_type in STATUTORY_BODIES

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class DutyKind(models.TextChoices):
    PREVENTION = "prevention", "Prevention duty"
    RELIEF = "relief", "Relief duty"


class DutyOutcome(models.TextChoices):
    """How a duty ended (H-CLIC's reasons, in plain words)."""

    SECURED_6_MONTHS = "secured_6_months", "Accommodation secured for 6 months or more"
    SECURED_12_MONTHS = "secured_12_months", "Accommodation secured for 12 months or more"
    BECAME_HOMELESS = "became_homeless", "Became homeless (the relief duty starts)"
    DAYS_ELAPSED = "days_elapsed", "56 days passed"
    NO_CONTACT = "no_contact", "No contact"
    WITHDREW = "withdrew", "Withdrew or died"
    REFUSED_OFFER = "refused_offer", "Refused a suitable offer"
    NOT_COOPERATING = "not_cooperating", "Refused to co-operate"
    NO_LONGER_ELIGIBLE = "no_longer_eligible", "No longer eligible"
    OTHER = "other", "Another outcome"


# A successful intervention within the duties (P1.4's measure).
SUCCESSFUL_DUTY_OUTCOMES = frozenset({DutyOutcome.SECURED_6_MONTHS, DutyOutcome.SECURED_12_MONTHS})


class Duty(models.Model):
    """A 56-day prevention or relief duty: the clock starts when the housing options team
    accepts the duty and ends with an outcome. One duty per referral is open at a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(max_length=10, choices=DutyKind.choices)
    started_on = models.DateField()
    ends_on = models.DateField(help_text=f"{DUTY_DAYS} days after it started")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=DutyOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_on"]
        verbose_name_plural = "duties"
        indexes = [models.Index(fields=["ended_on", "ends_on"], name="duty_clock")]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(ended_on__isnull=True), name="one_open_duty"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(outcome=""), name="ended_duty_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"Duty {self.id}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def days_left(self, today: date | None = None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days

    def is_expiring(self, today: date | None = None) -> bool:
        return self.is_open and self.days_left(today) <= EXPIRING_DAYS

    @property
    def is_successful(self) -> bool:
        return self.outcome in SUCCESSFUL_DUTY_OUTCOMES

    @staticmethod
    def end_date_for(started_on: date) -> date:
        return started_on + timedelta(days=DUTY_DAYS)


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible for assistance"
    NOT_ELIGIBLE = "not_eligible", "Not eligible for assistance"
    NOT_KNOWN = "not_known", "Not known yet"


class LocalConnection(models.TextChoices):
    HERE = "here", "Has a local connection here"
    ELSEWHERE = "elsewhere", "Has a local connection to another area"
    NONE = "none", "No local connection anywhere"
    NOT_KNOWN = "not_known", "Not known yet"


class PublicFunds(models.TextChoices):
    HAS_RECOURSE = "has_recourse", "Has recourse to public funds"
    NRPF = "nrpf", "No recourse to public funds"
    NOT_KNOWN = "not_known", "Not known yet"


class TriageRoute(models.TextChoices):
    EMERGENCY_BED = "emergency_bed", "Emergency bed tonight"
    TEMPORARY_ACCOMMODATION = "temporary_accommodation", "Temporary accommodation"
    RECONNECTION = "reconnection", "Reconnection to another area"
    NRPF_PATHWAY = "nrpf_pathway", "No Recourse to Public Funds pathway"
    PREVENTION = "prevention", "Prevention casework (stays where they are for now)"


class Triage(models.Model):
    """The housing options team's triage of a single homeless person: eligibility, local
    connection, recourse to public funds, and the route chosen. The latest is current."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="triages")
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices)
    local_connection = models.CharField(max_length=20, choices=LocalConnection.choices)
    connection_area = models.CharField(
        max_length=100, blank=True, help_text="The other area they have a connection to"
    )
    public_funds = models.CharField(max_length=20, choices=PublicFunds.choices)
    route = models.CharField(max_length=30, choices=TriageRoute.choices)
    out_of_hours = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Triage {self.id}"


class OutOfHoursRoute(models.Model):
    """How a partnership places someone in temporary accommodation out of hours: the number
    to ring and the script the duty officer follows (TP4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.OneToOneField(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="out_of_hours_route"
    )
    phone = models.CharField(max_length=30)
    hours = models.CharField(
        max_length=200, help_text="When the out-of-hours service runs, in words"
    )
    script = models.TextField(help_text="What the duty officer says and does, step by step")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Out-of-hours route {self.id}"


class OfferResponse(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class FollowUpOutcome(models.TextChoices):
    ACCOMMODATED = "accommodated", "Arrived and has accommodation"
    ARRIVED_NOT_ACCOMMODATED = "arrived_not_accommodated", "Arrived but has no accommodation"
    DID_NOT_TRAVEL = "did_not_travel", "Did not travel"
    RETURNED = "returned", "Came back here"
    NOT_KNOWN = "not_known", "Could not find out"


class ReconnectionOffer(models.Model):
    """An offer to help someone return to an area where they have a connection and support,
    followed up to find out whether they arrived and have somewhere to stay (TP4, CP5)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="reconnection_offers"
    )
    destination = models.CharField(max_length=100)
    destination_contact = models.CharField(
        max_length=200, help_text="Who receives them there: agency, name and phone"
    )
    offer = models.TextField(help_text="What is offered: travel, accommodation arranged there")
    offered_on = models.DateField()
    response = models.CharField(
        max_length=10, choices=OfferResponse.choices, default=OfferResponse.PENDING
    )
    follow_up_on = models.DateField(help_text="When to check that they arrived")
    followed_up_on = models.DateField(null=True, blank=True)
    follow_up_outcome = models.CharField(max_length=30, choices=FollowUpOutcome.choices, blank=True)
    follow_up_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-offered_on"]
        indexes = [models.Index(fields=["followed_up_on", "follow_up_on"], name="reconnect_due")]

    def __str__(self) -> str:
        return f"Reconnection offer {self.id}"


class AccommodationType(models.TextChoices):
    """Where someone goes on discharge or release."""

    OWN_TENANCY = "own_tenancy", "Their own tenancy"
    RETURNED_HOME = "returned_home", "Back to their previous home"
    FAMILY_FRIENDS = "family_friends", "Family or friends"
    SUPPORTED = "supported", "Supported housing or a hostel"
    TEMPORARY = "temporary", "Temporary accommodation"
    EMERGENCY_BED = "emergency_bed", "An emergency bed or night shelter"
    APPROVED_PREMISES = "approved_premises", "Approved premises (probation)"
    CARE_HOME = "care_home", "A care or nursing home"
    STEP_DOWN = "step_down", "Step-down or intermediate care"
    OTHER = "other", "Other accommodation"
    NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode (nowhere to go)"


class Discharge(models.Model):
    """The discharge or release part of a hospital or prison pathway referral: when the person
    is due out, from where, whom to talk to, what they need, and whether somewhere to go is
    confirmed; then what happened on the day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="discharge")
    expected_on = models.DateField()
    # The hospital or prison: the KPI is reported per institution.
    institution = models.CharField(max_length=200)
    ward_or_wing = models.CharField(max_length=100, blank=True)
    contact_name = models.CharField(max_length=200)
    contact_role = models.CharField(max_length=100)
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_email = models.EmailField(blank=True)
    needs_on_release = models.TextField()

    # Somewhere to go, confirmed before the day
    accommodation_confirmed = models.BooleanField(default=False)
    confirmed_accommodation = models.CharField(
        max_length=20, choices=AccommodationType.choices, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # What happened on the day
    discharged_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AccommodationType.choices, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["expected_on"]
        indexes = [
            models.Index(fields=["discharged_on", "expected_on"], name="discharge_countdown"),
            models.Index(fields=["institution", "discharged_on"], name="discharge_kpi"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | ~Q(outcome=""),
                name="discharged_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Discharge {self.id}"

    def days_until(self, today: date | None = None) -> int:
        return (self.expected_on - (today or timezone.localdate())).days

    @property
    def is_planned(self) -> bool:
        """Referred before the day they left: the pathway's KPI counts only these."""
        return (
            self.discharged_on is not None
            and timezone.localtime(self.referral.received_at).date() < self.discharged_on
        )

    @property
    def had_somewhere_to_go(self) -> bool:
        return bool(self.outcome) and self.outcome != AccommodationType.NO_FIXED_ABODE


class DischargeReminder(models.Model):
    """A countdown notification sent because nowhere was confirmed N days before discharge.
    Unique per discharge and day, so each fires once however often the task runs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    discharge = models.ForeignKey(Discharge, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["discharge", "days_before"], name="discharge_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Discharge reminder {self.id}"


class DutyTarget(models.Model):
    """The share of referrals a partnership aims to see receive a successful intervention
    within the prevention and relief duties (P1.4: 98% in Coventry's plan)."""

    DEFAULT_PERCENT = 98

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.OneToOneField(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="duty_target"
    )
    percent = models.PositiveSmallIntegerField(default=DEFAULT_PERCENT)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100), name="duty_target_percent"
            )
        ]

    def __str__(self) -> str:
        return f"Duty target {self.id}"
