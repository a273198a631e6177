"""The Duty to Refer form a referrer at a public body fills in, and the rules the API shares
with it (`referral_problems`). Errors say what is wrong and how to fix it."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, User
from waypost.people.forms import GovukDateField
from waypost.referrals.models import (
    STATUTORY_BODIES,
    BodyType,
    ConsentMethod,
    ContactMethod,
    HousingSituation,
    Pathway,
    Referral,
    ReferralReason,
)
from waypost.referrals.referral_actions import DISCHARGE_FIELDS, REFERRAL_FIELDS

DUTY_GROUP = "Public bodies with the duty to refer"
VOLUNTARY_GROUP = "Referring voluntarily"
# The statutory bodies first (Homelessness (Review Procedure etc.) Regulations 2018, reg. 10),
# then everyone who refers voluntarily.
BODY_TYPE_CHOICES: list[Any] = [
    ("", "Choose the kind of service"),
    (DUTY_GROUP, [(b.value, b.label) for b in BodyType if b in STATUTORY_BODIES]),
    (VOLUNTARY_GROUP, [(b.value, b.label) for b in BodyType if b not in STATUTORY_BODIES]),
]
# The kind of service an agency most likely refers as; the referrer can change it.
BODY_TYPE_FOR_AGENCY: dict[str, str] = {
    AgencyType.HOSPITAL: BodyType.HOSPITAL_INPATIENT,
    AgencyType.PRISON: BodyType.PRISON,
    AgencyType.PROBATION: BodyType.PROBATION,
    AgencyType.DWP: BodyType.JOBCENTRE_PLUS,
    AgencyType.PRIMARY_CARE: BodyType.GP,
    AgencyType.MENTAL_HEALTH: BodyType.MENTAL_HEALTH,
    AgencyType.POLICE: BodyType.POLICE,
    AgencyType.LANDLORD: BodyType.HOUSING_PROVIDER,
    AgencyType.CHARITY: BodyType.CHARITY,
}
INSTITUTION_AGENCY_TYPES = frozenset({AgencyType.HOSPITAL, AgencyType.PRISON})

# HRA 2017 s.213B: a public body may refer only with the person's consent.
CONSENT_REQUIRED = (
    "Tick to confirm {who} agrees to this referral. If they do not agree, do not refer them: "
    "ring the housing options team for advice instead"
)
# The discharge fields required when a pathway is chosen, with what to say when one is missing.
DISCHARGE_REQUIRED = {
    "expected_on": "Enter the date they are expected to leave",
    "institution": "Enter the name of the hospital or prison",
    "contact_name": "Enter the name of the person the housing team should talk to",
    "contact_role": "Enter the named contact’s role, like discharge nurse or probation officer",
    "needs_on_release": "Enter what they need when they leave, or “None known”",
}


def referral_problems(
    data: Mapping[str, Any], discharge: Mapping[str, Any] | None, *, today: date
) -> dict[str, str]:
    """The rules a referral must meet beyond each field's own, as {field: message}; a
    discharge field's name is prefixed "discharge." Shared by the form and the API."""
    problems: dict[str, str] = {}
    if data.get("consent_given") is not True:
        problems["consent_given"] = CONSENT_REQUIRED.format(who="the person")
    consented_on = data.get("consent_given_on")
    if consented_on and consented_on > today:
        problems["consent_given_on"] = "The date they agreed must be today or in the past"
    born = data.get("date_of_birth")
    if born and born >= today:
        problems["date_of_birth"] = "Their date of birth must be in the past"
    if data.get("contact_method") == ContactMethod.PHONE and not data.get("phone"):
        problems["phone"] = "Enter their phone number, or choose another way to contact them"
    if data.get("contact_method") == ContactMethod.EMAIL and not data.get("email"):
        problems["email"] = "Enter their email address, or choose another way to contact them"
    if not (data.get("referrer_phone") or data.get("referrer_email")):
        problems["referrer_phone"] = (
            "Enter your phone number or email address, so the housing team can reach you"
        )
    pathway = data.get("pathway") or Pathway.NONE
    if pathway != Pathway.NONE and discharge is None:
        problems["discharge"] = "Give the discharge or release details for this pathway"
    if pathway == Pathway.NONE and discharge is not None:
        problems["discharge"] = "Leave out the discharge details, or choose a pathway"
    if discharge is not None:
        expected = discharge.get("expected_on")
        if expected and expected < today:
            problems["discharge.expected_on"] = (
                "The expected discharge or release date must be today or in the future"
            )
        if not (discharge.get("contact_phone") or discharge.get("contact_email")):
            problems["discharge.contact_phone"] = (
                "Enter a phone number or email address for the named contact"
            )
    return problems


def _text(label: str, *, max_length: int, what: str, required: bool = False, **kw: Any) -> Any:
    messages = {"max_length": f"{what} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = f"Enter {what[0].lower()}{what[1:]}"
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=messages, **kw
    )


def _email(label: str, what: str, **kw: Any) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={
            "invalid": f"Enter {what} in the correct format, like name@example.com",
            "max_length": f"{what[0].upper()}{what[1:]} must be 254 characters or fewer",
        },
        **kw,
    )


def _radios(label: str, choices: Any, required_message: str, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kw,
    )


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _phone() -> forms.TextInput:
    return forms.TextInput(
        attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
    )


class ReferralForm(forms.Form):
    """A Duty to Refer referral, in the order the page asks. Fields carry the model's names."""

    # Where the referral goes
    agency = forms.ModelChoiceField(
        label="Which organisation are you referring for?",
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the organisation you are referring for"},
    )
    partnership = forms.ModelChoiceField(
        label="Which council should get the referral?",
        help_text="Ask the person: they choose which local authority’s housing options team "
        "you refer them to.",
        queryset=Partnership.objects.order_by("name"),
        empty_label=None,
        error_messages={
            "required": "Choose the council the person wants to be referred to",
            "invalid_choice": "Choose a council from the list",
        },
    )

    # The person
    given_name = _text(
        "First name",
        max_length=100,
        what="Their first name",
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = _text(
        "Last name",
        max_length=100,
        what="Their last name",
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(
        what="their date of birth",
        label="Date of birth (optional)",
        help_text="For example, 12 4 1979",
        required=False,
    )

    # Their consent
    consent_given = forms.BooleanField(label="The person agrees to this referral", required=True)
    consent_method = _radios(
        "How did they agree?", ConsentMethod.choices, "Choose how the person agreed"
    )
    consent_given_on = GovukDateField(
        what="the date they agreed",
        label="When did they agree?",
        help_text="For example, 27 3 2026",
    )

    # How to contact them
    phone = _text(
        "Their phone number (optional)", max_length=30, what="Their phone number", widget=_phone()
    )
    email = _email("Their email address (optional)", "their email address")
    contact_method = _radios(
        "How should the housing team contact them?",
        ContactMethod.choices,
        "Choose how the housing team should contact them",
    )
    safe_to_leave_message = forms.BooleanField(
        label="It is safe to leave them a message", required=False
    )
    contact_notes = _text(
        "Anything the housing team should know about contacting them (optional)",
        max_length=2000,
        what="The notes about contacting them",
        help_text="For example, where and when to reach them, or anything to avoid",
        widget=_textarea(3),
    )

    # Their situation
    situation = _radios(
        "What is their housing situation?",
        HousingSituation.choices,
        "Choose their housing situation",
    )
    reason = _radios(
        "Why are they losing, or why have they lost, their home?",
        ReferralReason.choices,
        "Choose the main reason they are losing or have lost their home",
    )
    reason_detail = _text(
        "Tell the housing team what has happened",
        max_length=4000,
        what="What has happened",
        required=True,
        help_text="In your own words: what led to this, and anything that is urgent",
        widget=_textarea(5),
    )

    # Leaving hospital or prison
    pathway = _radios(
        "Are they leaving hospital or prison?",
        Pathway.choices,
        "Choose whether they are leaving hospital or prison, or no discharge pathway",
        help_text="Choose a pathway if the housing team needs to find them somewhere to go "
        "before a discharge or release date",
    )
    expected_on = GovukDateField(
        what="the date they are expected to leave",
        label="Expected discharge or release date",
        help_text="For example, 14 4 2026",
        required=False,
    )
    institution = _text("Hospital or prison", max_length=200, what="The hospital or prison")
    ward_or_wing = _text("Ward or wing (optional)", max_length=100, what="The ward or wing")
    contact_name = _text(
        "Named contact",
        max_length=200,
        what="The named contact’s name",
        help_text="Who the housing team should talk to about the discharge or release",
    )
    contact_role = _text(
        "Their role",
        max_length=100,
        what="The named contact’s role",
        help_text="For example, discharge nurse, prison officer or probation officer",
    )
    contact_phone = _text(
        "Their phone number", max_length=30, what="The named contact’s phone", widget=_phone()
    )
    contact_email = _email("Their email address", "the named contact’s email address")
    needs_on_release = _text(
        "What do they need when they leave?",
        max_length=4000,
        what="What they need when they leave",
        help_text="For example, medication, mobility or care needs, or probation conditions",
        widget=_textarea(4),
    )

    # About you
    body_type = forms.ChoiceField(
        label="What kind of service are you referring from?",
        help_text="The public bodies named in the Homelessness Reduction Act 2017 have a duty "
        "to refer; anyone else may refer voluntarily.",
        choices=BODY_TYPE_CHOICES,
        error_messages={"required": "Choose the kind of service you are referring from"},
    )
    referrer_phone = _text(
        "Your phone number", max_length=30, what="Your phone number", widget=_phone()
    )
    referrer_email = _email("Your email address", "your email address")

    def __init__(self, *args: Any, agencies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        if len(self.agencies) > 1:
            field = self.fields["agency"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Agency.objects.filter(pk__in=[a.pk for a in self.agencies])
        else:
            del self.fields["agency"]
        who = self.person_name() or "the person"
        self.fields["consent_given"].label = f"{who[0].upper()}{who[1:]} agrees to this referral"
        self.fields["consent_given"].error_messages["required"] = CONSENT_REQUIRED.format(who=who)

    def person_name(self) -> str:
        """The name as typed so far, for the consent question once there is one."""
        if not self.is_bound:
            return ""
        names = (self.data.get("given_name", ""), self.data.get("family_name", ""))
        return " ".join(str(n).strip() for n in names if str(n).strip())[:201]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pathway = data.get("pathway")
        has_pathway = bool(pathway) and pathway != Pathway.NONE
        if has_pathway:
            for name, message in DISCHARGE_REQUIRED.items():
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, message)
        today = timezone.localdate()
        for name, message in referral_problems(
            data, self._discharge(data) if has_pathway else None, today=today
        ).items():
            name = name.removeprefix("discharge.")
            if name in self.fields and name not in self.errors and name != "consent_given":
                self.add_error(name, message)
        return data

    def _discharge(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {name: data.get(name) or "" for name in DISCHARGE_FIELDS} | {
            "expected_on": data.get("expected_on")
        }

    @property
    def chosen_agency(self) -> Agency:
        if "agency" in self.fields:
            agency: Agency = self.cleaned_data["agency"]
            return agency
        return self.agencies[0]

    def referral_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in REFERRAL_FIELDS}

    def discharge_fields(self) -> dict[str, Any] | None:
        if self.cleaned_data["pathway"] == Pathway.NONE:
            return None
        return self._discharge(self.cleaned_data)


def initial_for(user: User, agency: Agency) -> dict[str, Any]:
    """What the form starts with: the agency's council and kind of service, and the
    referrer's contact details as they gave them last time (else their sign-in email)."""
    last = (
        Referral.objects.filter(referred_by=user)
        .order_by("-received_at")
        .values("referrer_phone", "referrer_email")
        .first()
    ) or {}
    initial: dict[str, Any] = {
        "agency": agency.pk,
        "partnership": agency.partnership_id,
        "consent_given_on": timezone.localdate(),
        "referrer_phone": last.get("referrer_phone", ""),
        "referrer_email": last.get("referrer_email") or user.email,
    }
    if agency.type in BODY_TYPE_FOR_AGENCY:
        initial["body_type"] = BODY_TYPE_FOR_AGENCY[agency.type]
    if agency.type in INSTITUTION_AGENCY_TYPES:
        initial["institution"] = agency.name
    return initial
