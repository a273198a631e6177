"""Forms for setting up a fund and correcting a ledger entry. Money is typed in pounds and kept
in pence (waypost.lib.money); errors say what is wrong and how to fix it."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.funds.models import Fund, FundKind
from waypost.lib.money import parse_pence, pounds_input
from waypost.people.forms import GovukDateField

MAX_AWARD_PENCE = 1_000_000_000 * 100


class FundForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name of the fund",
        max_length=200,
        error_messages={"required": "Enter the name of the fund"},
    )
    kind = forms.ChoiceField(
        label="What kind of fund is it?",
        choices=FundKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of fund it is"},
    )
    holding_agency = forms.ModelChoiceField(
        label="Agency that holds the money",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency whose account holds the money"},
    )
    description = forms.CharField(
        label="What the fund is for",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    budget_holders = forms.ModelMultipleChoiceField(
        label="Budget holders",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="They approve or refuse requests and record payments. Nobody approves their "
        "own request.",
    )
    limit = forms.CharField(
        label="Two-approver limit, in pounds",
        help_text="Requests above this amount need two budget holders to approve them, "
        "like 250 or 250.50",
    )
    is_public = forms.BooleanField(
        label="Show its totals on the public giving page",
        required=False,
        help_text="Only totals are shown: money raised and what it paid for.",
    )
    funder = forms.CharField(
        label="Funder", max_length=200, required=False, help_text="Grant funding only"
    )
    starts_on = GovukDateField(what="the start of the grant", label="Grant starts", required=False)
    ends_on = GovukDateField(what="the end of the grant", label="Grant ends", required=False)
    award = forms.CharField(
        label="Award, in pounds", required=False, help_text="Grant funding only, like 250000"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holding_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership, is_active=True
        ).order_by("name")
        members = Membership.objects.active().filter(agency__partnership=partnership)
        agencies: dict[Any, set[str]] = {}
        for user_id, agency_name in members.values_list("user_id", "agency__name"):
            agencies.setdefault(user_id, set()).add(agency_name)
        field = self.fields["budget_holders"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=list(agencies), is_active=True
        ).order_by("full_name", "email")
        field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.full_name or u.email} ({', '.join(sorted(agencies.get(u.pk, ())))})"
        )

    @classmethod
    def initial_for(cls, fund: Fund) -> dict[str, Any]:
        return {
            "version": fund.version,
            "name": fund.name,
            "kind": fund.kind,
            "holding_agency": fund.holding_agency_id,
            "description": fund.description,
            "budget_holders": list(fund.budget_holders.values_list("pk", flat=True)),
            "limit": pounds_input(fund.two_approver_limit_pence),
            "is_public": fund.is_public,
            "funder": fund.funder,
            "starts_on": fund.starts_on,
            "ends_on": fund.ends_on,
            "award": pounds_input(fund.award_pence),
        }

    def clean_limit(self) -> int:
        return parse_pence(
            self.cleaned_data.get("limit"),
            missing="Enter the two-approver limit, like 250 or 250.50",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == FundKind.GRANT:
            if not (data.get("funder") or "").strip():
                self.add_error("funder", "Enter who gave the grant")
            if not data.get("starts_on") and "starts_on" not in self.errors:
                self.add_error("starts_on", "Enter the date the grant starts")
            if not data.get("ends_on") and "ends_on" not in self.errors:
                self.add_error("ends_on", "Enter the date the grant ends")
            try:
                data["award_pence"] = parse_pence(
                    data.get("award"),
                    missing="Enter the amount awarded, like 250000",
                    maximum_pence=MAX_AWARD_PENCE,
                )
            except ValidationError as error:
                self.add_error("award", error)
        else:
            data["award_pence"] = None
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end of the grant must be on or after its start")
        return data

    def apply_to(self, fund: Fund) -> Fund:
        data = self.cleaned_data
        is_grant = data["kind"] == FundKind.GRANT
        fund.name = data["name"].strip()
        fund.kind = data["kind"]
        fund.holding_agency = data["holding_agency"]
        fund.description = data["description"].strip()
        fund.two_approver_limit_pence = data["limit"]
        fund.is_public = data["is_public"]
        fund.funder = data["funder"].strip() if is_grant else ""
        fund.starts_on = data["starts_on"] if is_grant else None
        fund.ends_on = data["ends_on"] if is_grant else None
        fund.award_pence = data["award_pence"]
        return fund


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label="Why is this entry being corrected?",
        max_length=180,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: entered twice, wrong fund, refunded by the supplier. "
        "Do not include anyone’s name.",
        error_messages={"required": "Enter why the entry is being corrected"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Enter why the entry is being corrected")
        return reason
