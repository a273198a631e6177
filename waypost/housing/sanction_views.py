"""The DWP's narrow door: staff of a DWP agency tell the partnership that a benefit sanction
was applied to someone, so their lead worker can act before the tenancy is at risk.

DWP staff usually hold the referrer role, which does not cover housing history. This door lets
them find a person by name and date of birth among the people whose identity they may see
(`Person.objects.visible_to`: identity only) and record the sanction. It is recorded on the
person's current tenancy, as the DWP agency's record, and alerts the lead worker at once. The
DWP user sees a confirmation and nothing of the tenancy. When the person has no tenancy the
notice is refused, and the page shows who to contact instead (the lead worker, as anyone who
may know of the person sees).

Search terms travel only in POST bodies, never in the URL.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from waypost.accounts.models import Agency, AgencyType, Membership, User
from waypost.audit.models import Channel
from waypost.housing.tenancy_actions import NoTenancy, notify_benefit_sanction
from waypost.housing.tenancy_forms import SanctionForm, SanctionSearchForm
from waypost.people.access import record_contact, record_listed
from waypost.people.models import Person
from waypost.people.search import DateQuery
from waypost.sharing.policy import FRONTLINE_ROLES

MAX_FOUND = 20
CONFIRMATION = (
    "Thank you. The benefit sanction is recorded and the person’s lead worker has been told."
)

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def dwp_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    """The user's front-line memberships at DWP agencies (the only ones this door serves)."""
    return [m for m in memberships if m.agency.type == AgencyType.DWP and m.role in FRONTLINE_ROLES]


def dwp_required(view: View) -> View:
    """Signed in, and working for a DWP agency; 403 otherwise."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not dwp_memberships(request.memberships):  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def find_people(
    user: User, memberships: Sequence[Membership], search: dict[str, Any]
) -> list[Person]:
    """People in the user's DWP partnerships whose identity they may see, with this last name,
    first name (or the name they use) and date of birth (as far as it is known)."""
    born = search["birth_date"]
    partnerships = {m.agency.partnership_id for m in dwp_memberships(memberships)}
    given = search["given_name"].strip()
    return list(
        Person.objects.visible_to(user)
        .filter(
            DateQuery(year=born.year, month=born.month, day=born.day).q(),
            Q(given_name__iexact=given) | Q(preferred_name__iexact=given),
            partnership_id__in=partnerships,
            family_name__iexact=search["family_name"].strip(),
        )
        .order_by("family_name", "given_name", "id")[:MAX_FOUND]
    )


def _choice_label(person: Person) -> str:
    born = person.birth_date.strftime("%-d %B %Y") if person.birth_date else "not known"
    if person.birth_date and person.birth_date_precision == "year":
        born = f"{person.birth_date.year} (year only)"
    elif person.birth_date and person.birth_date_precision == "month":
        born = person.birth_date.strftime("%B %Y")
    return f"{person.display_name}, born {born}"


def _agency_for(memberships: Sequence[Membership], person: Person) -> Agency:
    return next(
        m.agency
        for m in dwp_memberships(memberships)
        if m.agency.partnership_id == person.partnership_id
    )


@dwp_required
def sanction_notify(request: HttpRequest) -> HttpResponse:
    """Find the person, then record "benefit sanction applied on <date>"."""
    memberships: list[Membership] = request.memberships  # type: ignore[attr-defined]
    if request.method != "POST":
        return render(request, "housing/tenancies/sanction.html", {"search": SanctionSearchForm()})
    search = SanctionSearchForm(request.POST)
    if not search.is_valid():
        return render(request, "housing/tenancies/sanction.html", {"search": search})
    people = find_people(_user(request), memberships, search.cleaned_data)
    record_listed(
        _user(request), people, channel=Channel.PAGE, route=_route(request), memberships=memberships
    )
    choices = [(str(p.pk), _choice_label(p)) for p in people]
    recording = request.POST.get("step") == "record"
    form = SanctionForm(request.POST if recording else None, people=choices)
    context: dict[str, Any] = {"search": search, "form": form, "found": len(people)}
    if recording and form.is_valid():
        person = next(p for p in people if str(p.pk) == form.cleaned_data["person"])
        try:
            notify_benefit_sanction(
                person,
                sanctioned_on=form.cleaned_data["sanctioned_on"],
                agency=_agency_for(memberships, person),
                by=_user(request),
            )
        except NoTenancy as refused:
            context.update(refused=str(refused), contact=record_contact(person), person=person)
            return render(request, "housing/tenancies/sanction_refused.html", context)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, CONFIRMATION)
            return redirect("housing:sanction_notify")
    return render(request, "housing/tenancies/sanction_found.html", context)
