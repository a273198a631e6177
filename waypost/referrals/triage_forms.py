"""Forms for the housing options team's referral pages. Each carries the referral's version
(the stale-edit check); errors say what is wrong and how to fix it."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import User
from waypost.people.forms import GovukDateField
from waypost.referrals.models import (
    ClosureReason,
    DutyKind,
    DutyOutcome,
    Eligibility,
    FollowUpOutcome,
    LocalConnection,
    OfferResponse,
    PublicFunds,
    TriageRoute,
)
from waypost.referrals.triage_actions import route_problem

FOLLOW_UP_DAYS = 7  # a reconnection is followed up a week after the offer unless told otherwise


def _text(label: str, *, max_length: int, what: str, required: bool = False, **kw: Any) -> Any:
    messages = {"max_length": f"{what} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = f"Enter {what[0].lower()}{what[1:]}"
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=messages, **kw
    )


def _radios(label: str, choices: Any, required_message: str, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kw,
    )


def _past_date(value: date | None, what: str) -> date:
    if value is None:
        raise ValidationError(f"Enter {what}")
    if value > timezone.localdate():
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be today or in the past")
    return value


class ReferralForm(forms.Form):
    """A change to a referral: `version` is the version the user's page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(ReferralForm):
    assign_to = forms.ModelChoiceField(
        label="Caseworker",
        help_text="The caseworker who will work with the person. They are told in Waypost.",
        queryset=User.objects.none(),
        empty_label="Choose a caseworker",
        error_messages={
            "required": "Choose the caseworker to assign the referral to",
            "invalid_choice": "That person is not in the housing options team any more: "
            "choose another caseworker",
        },
    )

    def __init__(self, *args: Any, team: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assign_to"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in team]
        ).order_by("full_name", "email")
        field.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]


class FirstContactForm(ReferralForm):
    contact_on = GovukDateField(
        what="the date of first contact",
        label="Date you first reached them",
        help_text="For example, 27 3 2026",
    )
    contact_time = forms.CharField(
        label="Time (optional)",
        help_text="In 24-hour time, like 14:30",
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )

    def clean_contact_on(self) -> date:
        return _past_date(self.cleaned_data["contact_on"], "the date of first contact")

    def clean_contact_time(self) -> time | None:
        value = self.cleaned_data["contact_time"].strip().replace(".", ":")
        if not value:
            return None
        try:
            return datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise ValidationError("Enter the time in 24-hour time, like 14:30") from None

    def contact_at(self, not_before: datetime) -> datetime:
        """The moment of first contact. With no time given: now if today, else midday, but
        never before `not_before` (when the referral arrived that day)."""
        data = self.cleaned_data
        if data["contact_time"] is not None:
            return timezone.make_aware(datetime.combine(data["contact_on"], data["contact_time"]))
        now = timezone.localtime()
        if data["contact_on"] == now.date():
            return now
        midday = timezone.make_aware(datetime.combine(data["contact_on"], time(12, 0)))
        return (
            max(midday, not_before)
            if data["contact_on"] == timezone.localdate(not_before)
            else midday
        )


ROUTE_GUIDANCE = {
    TriageRoute.EMERGENCY_BED: "For someone with nowhere to sleep tonight. Check the emergency "
    "beds free tonight and book one; a severe weather bed is open to everyone, whatever their "
    "eligibility.",
    TriageRoute.TEMPORARY_ACCOMMODATION: "For someone eligible who may be in priority need. "
    "Out of hours, tick “Out of hours” and you will see the partnership’s out-of-hours route "
    "and its script.",
    TriageRoute.RECONNECTION: "Only when they have a local connection to another area. Agree a "
    "named contact there before they travel, and follow up to check they arrived.",
    TriageRoute.NRPF_PATHWAY: "Only when they have no recourse to public funds. Refer them to "
    "the NRPF team and for free immigration advice (an OISC-registered adviser or a law "
    "centre); social services may have a duty under the Care Act or the Children Act.",
    TriageRoute.PREVENTION: "For someone threatened with homelessness who can stay where they "
    "are for now. Start the 56-day prevention duty and agree a personalised housing plan.",
}


class TriageForm(ReferralForm):
    """TP3, TP4 and CP5: eligibility, local connection, recourse to public funds, route."""

    eligibility = _radios(
        "Are they eligible for assistance?",
        Eligibility.choices,
        "Choose whether they are eligible for assistance, or Not known yet",
        help_text="Immigration status decides eligibility (Housing Act 1996 s.185)",
    )
    local_connection = _radios(
        "Do they have a local connection?",
        LocalConnection.choices,
        "Choose whether they have a local connection, or Not known yet",
        help_text="Through living, working or close family here, or special circumstances (s.199)",
    )
    connection_area = _text(
        "The other area they have a local connection to",
        max_length=100,
        what="The other area",
        help_text="Only if they have a local connection to another area, like Leicester",
    )
    public_funds = _radios(
        "Do they have recourse to public funds?",
        PublicFunds.choices,
        "Choose whether they have recourse to public funds, or Not known yet",
    )
    route = _radios(
        "Which route?",
        TriageRoute.choices,
        "Choose the route for this person",
    )
    out_of_hours = forms.BooleanField(
        label="Out of hours: the placement is made when the office is closed",
        help_text="Only for temporary accommodation. After saving you will see the "
        "partnership’s out-of-hours number and script.",
        required=False,
    )
    notes = _text(
        "Notes for the team (optional)",
        max_length=4000,
        what="The notes",
        help_text="Not shown to the referrer",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        connection, funds, route = (
            data.get("local_connection"),
            data.get("public_funds"),
            data.get("route"),
        )
        area = data.get("connection_area", "").strip()
        if connection == LocalConnection.ELSEWHERE and not area and "connection_area" in data:
            self.add_error("connection_area", "Enter the area they have a local connection to")
        elif connection and connection != LocalConnection.ELSEWHERE and area:
            self.add_error(
                "connection_area",
                "Leave the other area blank, or choose “Has a local connection to another area”",
            )
        if route and connection and funds:
            problem = route_problem(route, connection, funds)
            if problem:
                self.add_error("route", problem)
        if data.get("out_of_hours") and route and route != TriageRoute.TEMPORARY_ACCOMMODATION:
            self.add_error(
                "out_of_hours",
                "Untick “Out of hours”, or choose temporary accommodation: out of hours applies "
                "only to a temporary accommodation placement",
            )
        return data

    def recommended_routes(self) -> set[str]:
        """Routes the answers so far point to, for the guidance beside the form."""
        data = self.data if self.is_bound else self.initial
        routes: set[str] = set()
        if data.get("public_funds") == PublicFunds.NRPF:
            routes.add(TriageRoute.NRPF_PATHWAY)
        if data.get("local_connection") == LocalConnection.ELSEWHERE:
            routes.add(TriageRoute.RECONNECTION)
        return routes


class StartDutyForm(ReferralForm):
    kind = _radios(
        "Which duty?",
        DutyKind.choices,
        "Choose the prevention duty or the relief duty",
        help_text="Prevention: threatened with homelessness within 56 days. Relief: homeless "
        "now. Each lasts 56 days.",
    )
    started_on = GovukDateField(
        what="the date the duty started",
        label="Date the duty started",
        help_text="For example, 27 3 2026",
    )

    def clean_started_on(self) -> date:
        return _past_date(self.cleaned_data["started_on"], "the date the duty started")


class EndDutyForm(ReferralForm):
    outcome = _radios("How did the duty end?", DutyOutcome.choices, "Choose how the duty ended")
    ended_on = GovukDateField(
        what="the date the duty ended",
        label="Date the duty ended",
        help_text="For example, 27 3 2026",
    )
    notes = _text(
        "Notes (optional)",
        max_length=4000,
        what="The notes",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start_relief = forms.BooleanField(
        label="Start the relief duty on the same day",
        help_text="Only when they became homeless: the relief duty follows the prevention duty",
        required=False,
    )

    def __init__(self, *args: Any, is_prevention: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_prevention:
            del self.fields["start_relief"]

    def clean_ended_on(self) -> date:
        return _past_date(self.cleaned_data["ended_on"], "the date the duty ended")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if data.get("start_relief") and outcome and outcome != DutyOutcome.BECAME_HOMELESS:
            self.add_error(
                "start_relief",
                "Untick “Start the relief duty”, or choose “Became homeless”: the relief duty "
                "follows only when they became homeless",
            )
        return data


class CloseForm(ReferralForm):
    reason = _radios(
        "Why are you closing the referral?",
        ClosureReason.choices,
        "Choose why you are closing the referral",
        help_text="The referrer sees that it closed and the reason",
    )


class ReconnectionOfferForm(ReferralForm):
    destination = _text(
        "Where to",
        max_length=100,
        what="Where they are going",
        required=True,
        help_text="The town or area they have a connection to, like Leicester",
    )
    destination_contact = _text(
        "Who receives them there",
        max_length=200,
        what="Who receives them there",
        required=True,
        help_text="Agency, name and phone number, like Leicester Housing Options, Sam Patel, "
        "0116 454 1000",
    )
    offer = _text(
        "What is offered",
        max_length=2000,
        what="What is offered",
        required=True,
        help_text="For example, a train ticket on Monday and a room arranged at the hostel there",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offered_on = GovukDateField(
        what="the date of the offer", label="Date of the offer", help_text="For example, 27 3 2026"
    )
    follow_up_on = GovukDateField(
        what="the follow-up date",
        label="When to check they arrived (optional)",
        help_text=f"Leave blank for {FOLLOW_UP_DAYS} days after the offer",
        required=False,
    )

    def clean_offered_on(self) -> date:
        return _past_date(self.cleaned_data["offered_on"], "the date of the offer")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offered = data.get("offered_on")
        if offered and not self.has_error("follow_up_on"):
            if data.get("follow_up_on") is None:
                data["follow_up_on"] = offered + timedelta(days=FOLLOW_UP_DAYS)
            elif data["follow_up_on"] < offered:
                self.add_error(
                    "follow_up_on", "The follow-up date must be on or after the date of the offer"
                )
        return data


class OfferResponseForm(ReferralForm):
    response = _radios(
        "What did they say?",
        [(v, label) for v, label in OfferResponse.choices if v != OfferResponse.PENDING],
        "Choose whether they accepted or declined the offer",
    )


class FollowUpForm(ReferralForm):
    followed_up_on = GovukDateField(
        what="the date of the follow-up",
        label="Date you followed up",
        help_text="For example, 27 3 2026",
    )
    outcome = _radios(
        "What did you find out?", FollowUpOutcome.choices, "Choose what you found out"
    )
    notes = _text(
        "Notes (optional)",
        max_length=4000,
        what="The notes",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_followed_up_on(self) -> date:
        return _past_date(self.cleaned_data["followed_up_on"], "the date of the follow-up")


class OutOfHoursForm(forms.Form):
    phone = _text(
        "Phone number",
        max_length=30,
        what="The phone number",
        required=True,
        help_text="The number a caseworker or outreach worker rings out of hours",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    hours = _text(
        "When it runs",
        max_length=200,
        what="When it runs",
        required=True,
        help_text="In words, like “5pm to 9am on weekdays, all day at weekends and on bank "
        "holidays”",
    )
    script = _text(
        "The script, step by step",
        max_length=10000,
        what="The script",
        required=True,
        help_text="What the duty officer says and does. Put each step on its own line: they "
        "are shown numbered.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class CaseworkerForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label="Whose referrals",
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose someone in the housing options team"},
    )

    def __init__(self, *args: Any, team: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in team]
        ).order_by("full_name", "email")
        field.label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]
