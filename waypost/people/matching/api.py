"""POST /api/v1/people/match/: people who may be the person described, best first.

The same door as the pages: `find_candidates`, which considers only people whose identity the
caller may see and compares only the aliases and identifiers the caller may see. Every
candidate returned is recorded in the access log (channel "api").
"""

from datetime import date
from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.api_auth import HasActiveMembership
from waypost.audit.models import Channel, Section
from waypost.people.access import record_listed
from waypost.people.matching import Candidate, MatchQuery, find_candidates
from waypost.people.matching.weights import LEVELS
from waypost.people.models import Gender, IdentifierKind
from waypost.sharing.policy import ROLE_SECTIONS

MAX_CANDIDATES = 10
MAX_IDENTIFIERS = 10


class MayMatchPeople(permissions.BasePermission):
    """Roles that see people's identity: admins, commissioners and DPOs get no casework."""

    message = "Your role does not include finding people's records."

    def has_permission(self, request: Request, view: Any) -> bool:
        return any(
            Section.IDENTITY in ROLE_SECTIONS.get(m.role, frozenset())
            for m in getattr(request, "memberships", [])
        )


class MatchIdentifierInSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(max_length=100, trim_whitespace=True)


class MatchRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, help_text="The full date of birth, when known"
    )
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1880,
        help_text="When only the year (or an estimated age) is known; compared loosely",
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    identifiers = MatchIdentifierInSerializer(many=True, required=False, max_length=MAX_IDENTIFIERS)

    def validate_birth_year(self, value: int | None) -> int | None:
        if value is not None and value > timezone.localdate().year:
            raise serializers.ValidationError("The year of birth must be this year or earlier.")
        return value

    def validate_date_of_birth(self, value: date | None) -> date | None:
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError("The date of birth must be today or in the past.")
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        dob, year = data.get("date_of_birth"), data.get("birth_year")
        if dob is not None and year is not None and dob.year != year:
            raise serializers.ValidationError(
                {"birth_year": "The year of birth does not match the date of birth: send one."}
            )
        has_name = any(data.get(f, "").strip() for f in ("given_name", "family_name"))
        if not (has_name or dob or year or data.get("identifiers")):
            raise serializers.ValidationError(
                "Send at least a name, a date or year of birth, or an identifier."
            )
        return data


class MatchAgreementsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    given_name = serializers.ChoiceField(choices=[*LEVELS["given_name"], "missing"])
    family_name = serializers.ChoiceField(choices=[*LEVELS["family_name"], "missing"])
    date_of_birth = serializers.ChoiceField(choices=[*LEVELS["date_of_birth"], "missing"])
    gender = serializers.ChoiceField(choices=[*LEVELS["gender"], "missing"])
    identifiers = serializers.ChoiceField(choices=[*LEVELS["identifiers"], "missing"])


class MatchIdentifierSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    label = serializers.CharField(help_text='Like "NHS number" or "Id in CHAIN"')
    system = serializers.CharField(help_text="For ids from another system (imports): which")
    value = serializers.CharField()


class MatchCandidateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    score = serializers.FloatField(
        min_value=0, max_value=1, help_text="Probability the records are one person"
    )
    display_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_date_precision = serializers.CharField()
    agreements = MatchAgreementsSerializer(help_text="How each field agrees, machine-readable")
    explanation = serializers.ListField(
        child=serializers.CharField(), help_text="The same in plain English, one line a field"
    )
    identifiers = MatchIdentifierSerializer(
        many=True, help_text="Identifiers of this person you may see, import ids included"
    )


class MatchResponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    candidates = MatchCandidateSerializer(many=True)


def _candidate(candidate: Candidate) -> dict[str, Any]:
    person = candidate.person
    return {
        "id": person.pk,
        "score": candidate.score,
        "display_name": person.display_name,
        "birth_date": person.birth_date,
        "birth_date_precision": person.birth_date_precision,
        "agreements": candidate.agreements,
        "explanation": candidate.explanation,
        "identifiers": [
            {"kind": i.kind, "label": i.label(), "system": i.system, "value": i.value}
            for i in candidate.identifiers
        ],
    }


@extend_schema(
    tags=["people"],
    summary="Find possible existing records of a person",
    description=(
        "Up to 10 people who may be the person described, best first, among those whose "
        "identity you may see. Nothing is merged or created: you choose. Each candidate has a "
        "`score` (the probability the records are one person), how each field agrees, a "
        "plain-English explanation, and the identifiers you may see. Every candidate returned "
        "is recorded in the access log."
    ),
    request=MatchRequestSerializer,
    responses={200: MatchResponseSerializer},
    examples=[
        OpenApiExample(
            "A nickname and a swapped date",
            request_only=True,
            value={
                "given_name": "Bob",
                "family_name": "Smyth",
                "date_of_birth": "1980-01-03",
                "identifiers": [{"kind": "nhs_number", "value": "943 476 5919"}],
            },
        )
    ],
)
# A null list, or a null identifier in it, is refused at the list or the item itself.
@extend_validation_errors(["null"], field_name="identifiers", methods=["post"])
@extend_validation_errors(["null"], field_name="identifiers.INDEX", methods=["post"])
@api_view(["POST"])
@permission_classes([HasActiveMembership, MayMatchPeople])
def match_people(request: Request) -> Response:
    incoming = MatchRequestSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    data = incoming.validated_data
    query = MatchQuery(
        given_name=data.get("given_name", "").strip(),
        family_name=data.get("family_name", "").strip(),
        date_of_birth=data.get("date_of_birth"),
        birth_year=data.get("birth_year"),
        gender=data.get("gender", ""),
        identifiers=[(i["kind"], i["value"]) for i in data.get("identifiers", [])],
    )
    memberships = request.memberships  # type: ignore[attr-defined]
    candidates = find_candidates(
        request.user,  # type: ignore[arg-type]
        query,
        memberships=memberships,
        limit=MAX_CANDIDATES,
    )
    record_listed(
        request.user,  # type: ignore[arg-type]
        [c.person for c in candidates],
        channel=Channel.API,
        route="api-people-match",
        memberships=memberships,
    )
    return Response(
        MatchResponseSerializer({"candidates": [_candidate(c) for c in candidates]}).data
    )


urlpatterns = [path("people/match/", match_people, name="api-people-match")]
