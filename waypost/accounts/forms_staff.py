"""Forms for partnership admins and for accepting an invitation."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from waypost.accounts.models import Agency, Membership, Role, User


class AgencyRoleFields(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency they work for"},
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class InviteForm(AgencyRoleFields):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter their full name"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. The invitation link is sent here.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    field_order = ["full_name", "email", "agency", "role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, agency, role = data.get("email"), data.get("agency"), data.get("role")
        if email and agency and role:
            already = Membership.objects.active().filter(
                user__email__iexact=email, agency=agency, role=role
            )
            if already.exists():
                self.add_error("email", "This person already has that role at that agency")
        return data


class MembershipForm(AgencyRoleFields):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency, role = data.get("agency"), data.get("role")
        if agency and role:
            if (
                Membership.objects.active()
                .filter(user=self.user, agency=agency, role=role)
                .exists()
            ):
                self.add_error("role", "They already have this role at this agency")
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. A few unrelated words is a good password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match")
        elif p1:
            try:
                validate_password(p1, User(email=self.email, full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What will use it, for example “Hospital discharge system”.",
        error_messages={"required": "Enter a name for the token"},
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (365, "1 year")],
        initial=90,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the token expires"},
    )


class StaffSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or email", required=False, max_length=200)
