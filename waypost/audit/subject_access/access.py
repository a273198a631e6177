"""The doors to subject access requests and, through one, to the person it is about.

Only the partnership's data protection officers reach a request: others with the role
elsewhere get 404, as for a request that does not exist. A data protection officer has no
casework access through the access policy (waypost.sharing.policy gives the role no sections),
so finding the person is its own door here, used only for an open request: it searches every
record of the request's partnership (restricted ones too: the request is about them), shows
only enough to confirm identity, and records an access event per person shown with the reason
"subject access request <id>" (ids only, never the search terms or names).
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest

from waypost.accounts.models import Agency, Partnership, Role
from waypost.accounts.roles import memberships_with, partnerships_where
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section, SubjectAccessRequest
from waypost.people.actions import normalise_identifier
from waypost.people.models import Alias, BirthDatePrecision, Identifier, Person


def requests_visible_to(request: HttpRequest) -> QuerySet[SubjectAccessRequest]:
    """Requests in every partnership where the user is a data protection officer."""
    return SubjectAccessRequest.objects.for_partnerships(partnerships_where(request, Role.DPO))


def get_request_for_dpo(request: HttpRequest, request_id: UUID) -> SubjectAccessRequest:
    """One request, for a data protection officer of its partnership; 404 otherwise."""
    sar = (
        requests_visible_to(request)
        .filter(pk=request_id)
        .select_related("partnership", "person", "opened_by")
        .first()
    )
    if sar is None:
        raise Http404
    return sar


def officer_agency(request: HttpRequest, partnership: Partnership) -> Agency | None:
    """The agency the officer acts for in this partnership (for the access log)."""
    for membership in memberships_with(request, Role.DPO):
        if membership.agency.partnership_id == partnership.pk:
            return membership.agency
    return None


@dataclass
class Candidate:
    """A record that may be the requester, with only what confirms identity."""

    person: Person
    merged_records: int

    @property
    def is_restricted(self) -> bool:
        return self.person.restricted_at is not None


def find_people_for_request(
    request: HttpRequest,
    sar: SubjectAccessRequest,
    *,
    identifier_kind: str = "",
    identifier_value: str = "",
    family_name: str = "",
    given_name: str = "",
    birth_date: date | None = None,
) -> list[Candidate]:
    """Records in the request's partnership matching an identifier, or a last name (and
    optionally first name) with a date of birth, by the person's name or any other name.

    A merged record leads to the record it was merged into. Records one search event per
    person shown. At most 20 candidates: a wider search needs better details.
    """
    people = Person.objects.filter(partnership=sar.partnership, anonymised_at__isnull=True)
    if identifier_value:
        value = normalise_identifier(identifier_kind, identifier_value)
        matches = Identifier.objects.filter(
            partnership=sar.partnership, kind=identifier_kind, value__iexact=value
        ).values("person")
        people = people.filter(pk__in=matches)
    else:
        names = Q(family_name__iexact=family_name.strip())
        alias_names = Q(family_name__iexact=family_name.strip())
        if given_name.strip():
            given = given_name.strip()
            names &= Q(given_name__iexact=given) | Q(preferred_name__iexact=given)
            alias_names &= Q(given_name__iexact=given)
        aliases = Alias.objects.filter(alias_names).values("person")
        people = people.filter(names | Q(pk__in=aliases)).filter(_born_on(birth_date))
    found = list(people.select_related("merged_into", "recorded_by_agency")[:20])
    kept = {_kept_record(p).pk for p in found}
    candidates = [
        Candidate(person=p, merged_records=p.merged_count)
        for p in Person.objects.filter(pk__in=kept)
        .select_related("recorded_by_agency")
        .annotate(merged_count=Count("merged_from"))
        .order_by("family_name", "given_name", "pk")
    ]
    agency = officer_agency(request, sar.partnership)
    for candidate in candidates:
        _record(request, sar, candidate.person.pk, agency, Channel.SEARCH)
    return candidates


def _born_on(birth_date: date | None) -> Q:
    """An exact date matches an exact record; a record known only to the month or year (or
    an estimate) matches when the date falls in it: better to show one more to confirm."""
    if birth_date is None:
        return Q(pk__in=[])
    return (
        Q(birth_date=birth_date)
        | Q(
            birth_date_precision=BirthDatePrecision.MONTH,
            birth_date__year=birth_date.year,
            birth_date__month=birth_date.month,
        )
        | Q(
            birth_date_precision__in=[BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED],
            birth_date__year=birth_date.year,
        )
    )


def _kept_record(person: Person) -> Person:
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def get_candidate_for_request(
    request: HttpRequest, sar: SubjectAccessRequest, person_id: UUID
) -> Person:
    """The record the officer chose: in the request's partnership, not anonymised; a merged
    record leads to the one it was merged into. 404 otherwise."""
    person = Person.objects.filter(
        pk=person_id, partnership=sar.partnership, anonymised_at__isnull=True
    ).first()
    if person is None:
        raise Http404
    return _kept_record(person)


def read_request_person(request: HttpRequest, sar: SubjectAccessRequest) -> Person | None:
    """The request's person, to show their name and date of birth on the request page.

    Records one identity event with the request as the reason."""
    if sar.person is None:
        return None
    _record(request, sar, sar.person.pk, officer_agency(request, sar.partnership), Channel.PAGE)
    return sar.person


def record_export_download(request: HttpRequest, sar: SubjectAccessRequest) -> None:
    """Record the download of the export: one export event per section it holds."""
    assert sar.person_id is not None
    agency = officer_agency(request, sar.partnership)
    for section in sar.export_sections or [Section.IDENTITY]:
        record_access(
            request.user,
            channel=Channel.EXPORT,
            section=section,
            subject_type="subject_access_request",
            subject_id=sar.pk,
            person_id=sar.person_id,
            agency=agency,
            reason=sar.audit_reason,
            route=_route(request),
        )


def _record(
    request: HttpRequest,
    sar: SubjectAccessRequest,
    person_id: UUID,
    agency: Agency | None,
    channel: str,
) -> None:
    record_access(
        request.user,
        channel=channel,
        section=Section.IDENTITY,
        subject_type="person",
        subject_id=person_id,
        person_id=person_id,
        agency=agency,
        reason=sar.audit_reason,
        route=_route(request),
    )


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""
