"""Forms for the person pages. Validation messages say what is wrong and how to fix it; the
rules themselves live in waypost.people.actions (which the API calls too)."""

import re
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Agency, User

if TYPE_CHECKING:
    from waypost.people.matching import MatchQuery

from waypost.people.actions import birth_date_from, identifier_problem, normalise_identifier
from waypost.people.models import (
    AliasKind,
    BirthDatePrecision,
    ContactKind,
    Ethnicity,
    Gender,
    IdentifierKind,
    IdVerificationCriterion,
    ImmigrationStatus,
    LocalConnection,
    NoteKind,
    Person,
    PublicFunds,
    SupportNeedKind,
)

# Royal Mail's outward code + inward code, loosely: catches typing mistakes, not every rule.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (or month and year only)."""

    template_name = "people/widgets/date_input.html"

    def __init__(self, parts: tuple[str, ...] = ("Day", "Month", "Year")) -> None:
        self.parts = parts
        widgets = [
            forms.TextInput(
                attrs={
                    "class": "govuk-input govuk-date-input__input "
                    + ("govuk-input--width-4" if part == "Year" else "govuk-input--width-2"),
                    "inputmode": "numeric",
                }
            )
            for part in parts
        ]
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            values = {"Day": value.day, "Month": value.month, "Year": value.year}
            return [values[part] for part in self.parts]
        if isinstance(value, tuple):  # a PartialDate: (day, month, year)
            return list(value)
        return [None] * len(self.parts)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        invalid = bool((attrs or {}).get("aria-invalid"))
        for subwidget, part in zip(context["widget"]["subwidgets"], self.parts, strict=True):
            subwidget["label"] = part
            if invalid:
                subwidget["attrs"]["class"] += " govuk-input--error"
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year (or month and year: the 1st of the month)."""

    widget = GovukDateInput

    def __init__(self, *, what: str, with_day: bool = True, **kwargs: Any) -> None:
        self.what = what
        self.with_day = with_day
        parts = ("Day", "Month", "Year") if with_day else ("Month", "Year")
        fields = tuple(forms.CharField(required=False) for _ in parts)
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(fields, widget=GovukDateInput(parts), require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        values = [(v or "").strip() for v in data_list]
        if not any(values):
            return None
        names = ["day", "month", "year"] if self.with_day else ["month", "year"]
        missing = [n for n, v in zip(names, values, strict=True) if not v]
        if missing:
            raise ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must include a {missing[0]}"
            )
        if not all(v.isdigit() for v in values):
            raise ValidationError(f"Enter {self.what} using numbers, like 27 3 2024")
        numbers = [int(v) for v in values]
        day, month, year = numbers if self.with_day else [1, *numbers]
        if year < 1900 or year > 2100:
            raise ValidationError("Enter the year as 4 numbers, like 2024")
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"Enter a real date for {self.what}") from None


def _not_future(value: date | None, message: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message)


class PartialDate(NamedTuple):
    """A date known in part: the year, perhaps the month, perhaps the day."""

    day: int | None
    month: int | None
    year: int


class PartialDateField(forms.MultiValueField):
    """Day, month and year boxes where only the year is required once anything is typed:
    a date of birth is often known only to the month or the year."""

    widget = GovukDateInput

    def __init__(self, **kwargs: Any) -> None:
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(fields, widget=GovukDateInput(), require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> PartialDate | None:
        day, month, year = [(v or "").strip() for v in data_list] or ["", "", ""]
        if not (day or month or year):
            return None
        if not all(v.isdigit() for v in (day, month, year) if v):
            raise ValidationError("Enter their date of birth using numbers, like 27 3 1980")
        if not year:
            raise ValidationError("Their date of birth must include a year")
        if day and not month:
            raise ValidationError("If you know the day they were born, enter the month too")
        this_year = timezone.localdate().year
        if not 1900 <= int(year) <= this_year:
            raise ValidationError(f"Enter a year of birth between 1900 and {this_year}")
        if month and not 1 <= int(month) <= 12:
            raise ValidationError("Enter a real month, from 1 to 12")
        if day:
            try:
                born = date(int(year), int(month), int(day))
            except ValueError:
                raise ValidationError("Enter a real date of birth") from None
            if born > timezone.localdate():
                raise ValidationError("Their date of birth must be in the past")
        return PartialDate(int(day) if day else None, int(month) if month else None, int(year))


class BirthDateFields(forms.Form):
    """Date of birth as precisely as it is known (exact, month and year, year), or an
    estimated age. The precision follows from what is filled in: no extra question."""

    birth_date = PartialDateField(
        label="Date of birth",
        required=False,
        help_text=(
            "For example, 27 3 1980. If you know only the month and year, or only the year, "
            "leave the rest blank."
        ),
    )
    estimated_age = forms.IntegerField(
        label="Or their estimated age in years",
        help_text="Only if you do not know their year of birth: your best guess today",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter their estimated age as a number, like 40",
            "min_value": "Their estimated age must be 0 or more",
            "max_value": "Their estimated age must be 120 or less",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age",
                "Enter their date of birth or an estimated age, not both",
            )
        return data

    def birth_fields(self, previous: Person | None = None) -> dict[str, Any]:
        """The person fields for the date of birth given (call after is_valid)."""
        parts: PartialDate | None = self.cleaned_data.get("birth_date")
        age: int | None = self.cleaned_data.get("estimated_age")
        fields: dict[str, Any] = {
            "birth_date_precision": BirthDatePrecision.UNKNOWN,
            "birth_date": None,
            "estimated_age_years": None,
            "estimated_on": None,
        }
        if parts is not None:
            precision = (
                BirthDatePrecision.EXACT
                if parts.day
                else BirthDatePrecision.MONTH
                if parts.month
                else BirthDatePrecision.YEAR
            )
            fields["birth_date_precision"] = precision
            fields["birth_date"] = birth_date_from(
                precision, day=parts.day, month=parts.month, year=parts.year
            )
        elif age is not None:
            # An unchanged estimate keeps the day it was made: the age was true then.
            if previous and previous.estimated_age_years == age and previous.estimated_on:
                on = previous.estimated_on
            else:
                on = timezone.localdate()
            fields.update(
                birth_date_precision=BirthDatePrecision.ESTIMATED,
                estimated_age_years=age,
                estimated_on=on,
                birth_date=birth_date_from(
                    BirthDatePrecision.ESTIMATED, estimated_age=age, estimated_on=on
                ),
            )
        return fields

    @staticmethod
    def initial_birth_date(person: Person) -> dict[str, Any]:
        born = person.birth_date
        match person.birth_date_precision:
            case BirthDatePrecision.EXACT if born:
                return {"birth_date": PartialDate(born.day, born.month, born.year)}
            case BirthDatePrecision.MONTH if born:
                return {"birth_date": PartialDate(None, born.month, born.year)}
            case BirthDatePrecision.YEAR if born:
                return {"birth_date": PartialDate(None, None, born.year)}
            case BirthDatePrecision.ESTIMATED:
                return {"estimated_age": person.estimated_age_years}
        return {}


NAME_HELP = "Leave blank if you do not know it"


class NameFields(forms.Form):
    preferred_name = forms.CharField(
        label="The name they use",
        help_text="What they like to be called, if different from their first name",
        max_length=200,
        required=False,
    )
    given_name = forms.CharField(
        label="First name", help_text=NAME_HELP, max_length=200, required=False
    )
    family_name = forms.CharField(
        label="Last name", help_text=NAME_HELP, max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(
            data.get(n, "").strip() for n in ("preferred_name", "given_name", "family_name")
        ):
            self.add_error(
                "given_name", "Enter a name: a first name, last name or the name they use"
            )
        return data


class GenderFields(forms.Form):
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        initial=Gender.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their gender, or Not known"},
    )
    gender_self_description = forms.CharField(
        label="If they describe their gender another way, how do they describe it?",
        max_length=100,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("gender") == Gender.SELF_DESCRIBED
            and not data.get("gender_self_description", "").strip()
        ):
            self.add_error("gender_self_description", "Enter how they describe their gender")
        if data.get("gender") != Gender.SELF_DESCRIBED:
            data["gender_self_description"] = ""
        return data


def _identifier_field(kind: str, label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )


class PersonCreateForm(NameFields, BirthDateFields, GenderFields):
    """A new person: names, date of birth, gender and the identifiers most used to match."""

    nhs_number = _identifier_field(
        IdentifierKind.NHS_NUMBER, "NHS number (optional)", "10 digits, like 943 476 5919"
    )
    ni_number = _identifier_field(
        IdentifierKind.NI_NUMBER,
        "National Insurance number (optional)",
        "2 letters, 6 numbers, then A, B, C or D, like AB 12 34 56 C",
    )
    agency = forms.ModelChoiceField(
        label="Record for",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency you are working for",
        error_messages={"required": "Choose the agency you are recording this for"},
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most staff work for one agency: only those with several are asked which.
        self.only_agency = agencies[0] if len(agencies) == 1 else None
        if self.only_agency:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                pk__in=[a.pk for a in agencies]
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_agency:
            data["agency"] = self.only_agency
        for name, kind in (
            ("nhs_number", IdentifierKind.NHS_NUMBER),
            ("ni_number", IdentifierKind.NI_NUMBER),
        ):
            value = data.get(name, "").strip()
            if value:
                problem = identifier_problem(kind, value)
                if problem:
                    self.add_error(name, problem)
                else:
                    data[name] = normalise_identifier(kind, value)
        return data

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "preferred_name": data["preferred_name"].strip(),
            "given_name": data["given_name"].strip(),
            "family_name": data["family_name"].strip(),
            "gender": data["gender"],
            "gender_self_description": data["gender_self_description"].strip(),
            **self.birth_fields(),
        }

    def identifiers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            IdentifierKind.NHS_NUMBER: data["nhs_number"],
            IdentifierKind.NI_NUMBER: data["ni_number"],
        }

    def match_query(self) -> "MatchQuery":
        from waypost.people.matching import MatchQuery

        return MatchQuery.for_new_person(self.person_fields(), self.identifiers())


def carried_fields(post: Any, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """What the user typed, carried through a possible-match page in hidden fields (never the
    URL), so creating the record anyway loses nothing."""
    left_out = {"csrfmiddlewaretoken", "confirmed", "action", *skip}
    return [
        (name, value) for name, values in post.lists() if name not in left_out for value in values
    ]


class VersionedForm(forms.Form):
    """An edit of person fields: `version` is the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput())


class IdentityForm(VersionedForm, NameFields, BirthDateFields, GenderFields):
    pronouns = forms.CharField(
        label="Pronouns",
        help_text="Like she/her, he/him or they/them",
        max_length=50,
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        help_text="As they describe it (2021 census categories)",
        choices=[("", "Not recorded"), *Ethnicity.choices],
        required=False,
    )
    nationality = forms.CharField(label="Nationality", max_length=100, required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    needs_interpreter = forms.TypedChoiceField(
        label="Do they need an interpreter?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "version": person.version,
            "preferred_name": person.preferred_name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "gender": person.gender,
            "gender_self_description": person.gender_self_description,
            "pronouns": person.pronouns,
            "ethnicity": person.ethnicity,
            "nationality": person.nationality,
            "first_language": person.first_language,
            "needs_interpreter": {True: "yes", False: "no"}.get(person.needs_interpreter, ""),
            **cls.initial_birth_date(person),
        }

    def person_fields(self, person: Person) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name].strip() if isinstance(data[name], str) else data[name]
            for name in (
                "preferred_name",
                "given_name",
                "family_name",
                "gender",
                "gender_self_description",
                "pronouns",
                "ethnicity",
                "nationality",
                "first_language",
                "needs_interpreter",
            )
        }
        return {**fields, **self.birth_fields(previous=person)}


class ImmigrationForm(VersionedForm):
    immigration_status = forms.ChoiceField(
        label="Immigration status", choices=ImmigrationStatus.choices, widget=forms.RadioSelect
    )
    public_funds = forms.ChoiceField(
        label="Recourse to public funds", choices=PublicFunds.choices, widget=forms.RadioSelect
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "version": person.version,
            "immigration_status": person.immigration_status,
            "public_funds": person.public_funds,
        }

    def person_fields(self, person: Person) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("immigration_status", "public_funds")}


class LocalConnectionForm(VersionedForm):
    local_connection = forms.ChoiceField(
        label="Local connection",
        help_text="Housing Act 1996 s.199: residence, work, family or special circumstances",
        choices=LocalConnection.choices,
        widget=forms.RadioSelect,
    )
    local_connection_area = forms.CharField(
        label="Where",
        help_text="The council area, when they have a connection elsewhere",
        max_length=200,
        required=False,
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "version": person.version,
            "local_connection": person.local_connection,
            "local_connection_area": person.local_connection_area,
        }

    def person_fields(self, person: Person) -> dict[str, Any]:
        return {
            "local_connection": self.cleaned_data["local_connection"],
            "local_connection_area": self.cleaned_data["local_connection_area"].strip(),
        }


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, date of birth or identifier",
        help_text="For example Jo Bloggs, 1 3 1980, or an NHS number",
        max_length=200,
        required=False,
    )


class AliasForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of name is it?", choices=AliasKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of name it is"},
    )  # fmt: skip
    given_name = forms.CharField(label="First name", max_length=200, required=False)
    family_name = forms.CharField(label="Last name", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name", "").strip() or data.get("family_name", "").strip()):
            self.add_error("given_name", "Enter the other name: a first name, last name or both")
        return data


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of identifier is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of identifier"},
    )
    system = forms.CharField(
        label="For an id in another system: which system?",
        help_text="Like the council's case system",
        max_length=100, required=False,
    )  # fmt: skip
    value = forms.CharField(
        label="Identifier",
        max_length=100,
        error_messages={"required": "Enter the identifier"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in IdentifierKind.choices if c[0] in kinds]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), data.get("value", "")
        if kind and value:
            problem = identifier_problem(kind, value)
            if problem:
                self.add_error("value", problem)
        if kind == IdentifierKind.SOURCE_ID and not data.get("system", "").strip():
            self.add_error("system", "Enter the name of the system this id comes from")
        return data


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the note about?",
        help_text="This decides who may read it: each kind follows its section's sharing rules",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the note is about"},
    )
    text = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the note"},
    )  # fmt: skip

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in NoteKind.choices if c[0] in kinds]  # type: ignore[attr-defined]


class WarningForm(forms.Form):
    text = forms.CharField(
        label="Warning",
        help_text=(
            "What the risk to staff is and how to stay safe, like 'Do not visit alone'. "
            "Everyone in the partnership who knows of this record will see it."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the warning: what the risk is and how to stay safe"},
    )


class SupportNeedForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of need", choices=SupportNeedKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of support need"},
    )  # fmt: skip
    detail = forms.CharField(
        label="Details (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class HousingHistoryForm(forms.Form):
    accommodation = forms.CharField(
        label="Where they lived",
        help_text="The place and what kind it was, like 'Private rented flat, Foleshill'",
        max_length=200,
        error_messages={"required": "Enter where they lived"},
    )
    from_on = GovukDateField(
        label="When they moved in (optional)",
        what="the month and year they moved in",
        with_day=False,
        required=False,
        help_text="For example, 3 2019",
    )
    to_on = GovukDateField(
        label="When they left (optional)",
        what="the month and year they left",
        with_day=False,
        required=False,
        help_text="For example, 11 2023",
    )
    reason_left = forms.CharField(label="Why they left (optional)", max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_on") and data.get("to_on") and data["to_on"] < data["from_on"]:
            self.add_error("to_on", "The date they left must be after the date they moved in")
        return data


class ContactDetailForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=ContactKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of contact detail"},
    )  # fmt: skip
    value = forms.CharField(
        label="Phone number, email address or other detail", max_length=200,
        error_messages={"required": "Enter the phone number, email address or other detail"},
    )  # fmt: skip
    notes = forms.CharField(
        label="Notes (optional)", help_text="Like 'Text only' or 'Shared phone'",
        max_length=200, required=False,
    )  # fmt: skip


class SafeAddressForm(forms.Form):
    line_1 = forms.CharField(
        label="Address line 1", max_length=200,
        error_messages={"required": "Enter the first line of the address"},
    )  # fmt: skip
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(
        label="Town or city", max_length=100,
        error_messages={"required": "Enter the town or city"},
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )  # fmt: skip
    postcode = forms.CharField(
        label="Postcode", max_length=10,
        error_messages={
            "required": "Enter the postcode",
            "max_length": "Enter a real postcode, like CV1 5FB",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )  # fmt: skip

    def clean_postcode(self) -> str:
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if not POSTCODE.match(value):
            raise ValidationError("Enter a real postcode, like CV1 5FB")
        return value


class IdVerificationForm(forms.Form):
    criteria = forms.ModelMultipleChoiceField(
        label="What did the verifier check?",
        help_text="Tick each of the partnership's agreed criteria they confirmed",
        queryset=IdVerificationCriterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the criteria the verifier checked"},
    )
    verifier_name = forms.CharField(
        label="Verifier's full name", max_length=200,
        error_messages={"required": "Enter the verifier's name"},
    )  # fmt: skip
    verifier_role = forms.CharField(
        label="Verifier's job title", help_text="Like 'GP' or 'Probation officer'",
        max_length=200, error_messages={"required": "Enter the verifier's job title"},
    )  # fmt: skip
    verifier_organisation = forms.CharField(
        label="Verifier's organisation", max_length=200,
        error_messages={"required": "Enter the verifier's organisation"},
    )  # fmt: skip
    verified_on = GovukDateField(
        label="Date they verified it",
        what="the date they verified it",
        help_text="For example, 27 3 2025",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = IdVerificationCriterion.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id, is_active=True
        )

    def clean_verified_on(self) -> date:
        value: date = self.cleaned_data["verified_on"]
        _not_future(value, "The date they verified it must be today or before")
        return value


class CareOfForm(forms.Form):
    hub = forms.ModelChoiceField(
        label="Hub that keeps their post",
        queryset=Agency.objects.none(),
        empty_label="Choose a hub",
        error_messages={"required": "Choose the hub that keeps their post"},
    )
    address = forms.CharField(
        label="Postal address for their letters",
        help_text="As letters should show it, starting with their name 'c/o' the hub",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the hub's postal address"},
    )
    starts_on = GovukDateField(
        label="From", what="the date post starts going there", required=False,
        help_text="Leave blank for today",
    )  # fmt: skip

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id, is_active=True
        ).order_by("name")


class PostItemForm(forms.Form):
    description = forms.CharField(
        label="What arrived", help_text="Who it is from and what kind, like 'DWP letter'",
        max_length=200, error_messages={"required": "Enter who it is from, like DWP"},
    )  # fmt: skip
    received_on = GovukDateField(
        label="Date it arrived", what="the date it arrived", required=False,
        help_text="Leave blank for today",
    )  # fmt: skip

    def clean_received_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("received_on")
        _not_future(value, "The date it arrived must be today or before")
        return value


class LeadWorkerForm(forms.Form):
    lead_worker = forms.ModelChoiceField(
        label="Lead worker",
        help_text="The person other agencies should contact about them",
        queryset=User.objects.none(),
        required=False,
        empty_label="No lead worker",
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_worker"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = _staff_label  # type: ignore[attr-defined]


def _staff_label(user: User) -> str:
    """ "Name, Agency": the agencies come from `partnership_memberships` when prefetched."""
    name = user.full_name or user.email
    agencies = sorted({m.agency.name for m in getattr(user, "partnership_memberships", [])})
    return f"{name}, {', '.join(agencies)}" if agencies else name


class IdCriterionForm(forms.Form):
    text = forms.CharField(
        label="Criterion",
        help_text="What a verifier confirms, like 'Has known them for at least 6 months'",
        max_length=300,
        error_messages={"required": "Enter the criterion"},
    )
    position = forms.IntegerField(
        label="Order",
        help_text="Lower numbers show first",
        initial=0,
        min_value=0,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the order as a number, like 1"},
    )
    is_active = forms.BooleanField(
        label="In use: offer it when recording a verification", required=False, initial=True
    )
