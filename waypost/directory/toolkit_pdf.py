"""The printable toolkit as a tagged PDF (PDF/UA-1): for one audience, in plain English, the
signs and triggers of rough sleeping, how to tell outreach, how to make a Duty to Refer, and
the services chosen for that audience, made from the directory on the day it is downloaded so
it is never out of date.

Only what the public directory shows goes in: never a contact (internal or named), never a
referral route, nothing about a person. Who downloaded it is not printed either, so the same
leaflet serves staff and the public. A made PDF is kept in the cache under a digest of its
HTML, so a public download is rendered again only when something in it has changed.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.template.loader import render_to_string

from waypost.accounts.models import AgencyType, Partnership
from waypost.directory.models import Audience, LocationType, Phone, Service
from waypost.directory.opening import HOURS_PREFETCH, hours_for, opening_lines
from waypost.directory.terms import term_id
from waypost.directory.toolkit import chosen_services, running_services

# What the leaflet prefetches on each service: hours, places, addresses and phones.
PDF_PREFETCH = (
    *HOURS_PREFETCH,
    "phones",
    "at_locations__phones",
    "at_locations__location__addresses",
    "at_locations__location__phones",
    "organization__phones",
)
CACHE_SECONDS = 60 * 60
HOUSING_ADVICE_SHOWN = 2


@dataclass(frozen=True)
class AudienceText:
    """The words for one audience."""

    reader: str  # "schools and colleges"
    has_duty: bool
    duty: str  # whether and why the audience has the Duty to Refer
    heading: str
    paragraphs: tuple[str, ...]


AUDIENCE_TEXT: dict[str, AudienceText] = {
    Audience.SCHOOLS: AudienceText(
        reader="schools and colleges",
        has_duty=False,
        duty=(
            "Schools and colleges are not named in the law, so you do not have the duty "
            "yourselves. You can still refer, with the person's agreement. Children's social "
            "care, which you already work with, does have the duty."
        ),
        heading="Young people and family breakdown",
        paragraphs=(
            "Family breakdown is the most common reason young people become homeless: parents "
            "or relatives are no longer able or willing to let them stay. Many young people "
            "stay on friends' sofas before they ever sleep rough, so they can be hard to spot.",
            "Signs in a pupil or student: tiredness, hunger, a change in attendance or "
            "behaviour, carrying their belongings around, saying they cannot go home, or not "
            "wanting to leave at the end of the day.",
            "Follow your safeguarding procedure and tell your designated safeguarding lead.",
            "A 16 or 17 year old who is homeless is still a child: children's social care must "
            "assess what they need. Refer them there, not only to housing.",
            "A family facing eviction should contact the council's housing options service as "
            "early as they can: the council can help up to 56 days before they would lose "
            "their home.",
        ),
    ),
    Audience.HOSPITALS: AudienceText(
        reader="hospitals",
        has_duty=True,
        duty=(
            "You have the duty: emergency departments, urgent treatment centres and hospitals "
            "giving inpatient care are named in the law."
        ),
        heading="Hospital discharge: no one leaves hospital with nowhere to go",
        paragraphs=(
            "Ask every patient where they will go when they leave, when they are admitted and "
            "again before discharge. People sleeping rough are often admitted in an emergency "
            "and may not say they have nowhere to live.",
            "Make the Duty to Refer as early as you can. The partnership's discharge pathway "
            "follows everyone due to leave hospital within 28 days, so refer at least 28 days "
            "before a planned discharge, or as soon as you know if the stay is shorter. A "
            "referral on the day of discharge leaves almost no time to find somewhere.",
            "Plan the discharge with the council's housing options service and, if the person "
            "has one, their lead worker or outreach worker.",
            "Do not discharge someone to the street. If nowhere has been found in time, "
            "contact the council's housing options service before the person leaves, whatever "
            "the hour.",
            "People sleeping rough often leave with medicines they cannot store, dressings "
            "they cannot change and appointments they cannot get to: plan for these before "
            "discharge.",
        ),
    ),
    Audience.GPS: AudienceText(
        reader="GP practices",
        has_duty=False,
        duty=(
            "GP practices are not named in the law, so you do not have the duty yourselves. "
            "You can still refer, with the person's agreement: the council welcomes referrals "
            "from anyone worried about someone."
        ),
        heading="Registering people with no fixed address",
        paragraphs=(
            "Anyone in England can register with a GP practice. A patient does not need a "
            "fixed address, proof of address, ID or a particular immigration status to "
            "register: not having them is not a reason to refuse.",
            "With the patient's agreement, use the practice's address, a day centre's or "
            "hostel's address, or a care-of address for post. Ask how you can reach them: a "
            "phone number, or a service that sees them often.",
            "Appointments at set times are hard to keep when you sleep rough: offer walk-in or "
            "same-day appointments where you can, and longer ones for people with several "
            "needs.",
            "Look for the signs in consultations: repeated chest infections, foot problems, "
            "injuries that do not heal, weight loss, and drinking or drug use that has got "
            "worse.",
        ),
    ),
    Audience.JOBCENTRES: AudienceText(
        reader="JobCentres",
        has_duty=True,
        duty=(
            "You have the duty: the law names the Department for Work and Pensions for its "
            "JobCentre Plus work."
        ),
        heading="Sanctions, ID and bank accounts",
        paragraphs=(
            "Sanctions: a sanction, or a gap in payments, can be what tips someone into "
            "sleeping rough, or what costs them a new home. Before you sanction someone you "
            "know to be homeless or newly housed, check whether their situation explains what "
            "happened and, with their agreement, tell their support worker.",
            "Work coaches can ease a claimant's work-related requirements for a time when they "
            "are homeless (a homelessness easement).",
            "ID: people sleeping rough often lose their ID or have it stolen. A claim can go "
            "ahead without photo ID: identity can be checked at an interview. The services "
            "below include help to get ID and an address for post.",
            "Bank accounts: Universal Credit is paid into an account. Most banks offer a basic "
            "bank account, and many accept a letter from the JobCentre or a support service "
            "instead of proof of address. Until an account is open, ask about the Payment "
            "Exception Service.",
            "Address: a claim does not need a fixed address. With the claimant's agreement, "
            "use a care-of address at a hub or day centre for post.",
        ),
    ),
}

SIGNS = (
    "Carrying a lot of belongings, bedding or a sleeping bag, or asking to leave them somewhere",
    "Looking tired, cold, hungry or unwashed, or wearing the same clothes day after day",
    "Coming in early, staying late, or finding reasons to stay somewhere warm",
    "Giving no address, an old address, or a friend's address where they stay now and then",
    "Asking where to charge a phone, have a shower or wash clothes",
    "Health getting worse: coughs and chest infections, sore feet, cuts that do not heal, "
    "missed medicines or appointments",
)
TRIGGERS = (
    "Family or relationship breakdown, or being asked to leave by family or friends",
    "Eviction, rent arrears or the end of a tenancy",
    "Leaving care, prison, hospital or the armed forces with nowhere to go",
    "Domestic abuse",
    "Losing a job, or benefits stopped, delayed or sanctioned",
    "Debt",
    "Mental ill health, or drug or alcohol use",
    "No recourse to public funds because of immigration status",
)
# HRA 2017 s.213B and the Homelessness (Review Procedure etc.) Regulations 2018.
DUTY_BODIES = (
    "prisons, young offender institutions, secure training centres and secure colleges",
    "youth offending teams and probation services",
    "JobCentre Plus",
    "social services (adults' and children's)",
    "emergency departments, urgent treatment centres and hospitals giving inpatient care",
    "the Ministry of Defence, for members of the armed forces",
)


@dataclass(frozen=True)
class Entry:
    """One service as the leaflet prints it: public details only."""

    name: str
    organisation: str
    description: str
    who_for: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    getting_there: list[str] = field(default_factory=list)
    how_to_get_in: str = ""
    cost: str = ""
    phones: list[str] = field(default_factory=list)
    website: str = ""
    email: str = ""


def _who_for(service: Service) -> list[str]:
    lines = []
    if service.gender != "anyone":
        lines.append(service.get_gender_display())
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        lines.append(f"Aged {low} to {high}")
    elif low is not None:
        lines.append(f"Aged {low} and over")
    elif high is not None:
        lines.append(f"Aged {high} and under")
    if service.accepts_no_recourse:
        lines.append("Open to people with no recourse to public funds")
    if service.needs_local_connection:
        lines.append("Only for people with a local connection to the area")
    if service.eligibility_description:
        lines.append(service.eligibility_description)
    return lines


def _phone_text(phone: Phone) -> str:
    text = phone.number
    if phone.extension:
        text += f", extension {phone.extension}"
    if phone.description:
        text += f" ({phone.description})"
    return text


def _phones(service: Service) -> list[str]:
    """The service's own phones; else its places'; else its organisation's. Phones that
    belong to a contact are never read (contacts are left out of the leaflet)."""
    places = list(service.at_locations.all())
    for found in (
        list(service.phones.all()),
        [p for sal in places for p in sal.phones.all()],
        [p for sal in places for p in sal.location.phones.all()],
        list(service.organization.phones.all()),
    ):
        if found:
            return list(dict.fromkeys(_phone_text(p) for p in found))
    return []


def entry_for(service: Service) -> Entry:
    """What the leaflet says about `service` (prefetched with PDF_PREFETCH)."""
    addresses, getting_there = [], []
    for sal in service.at_locations.all():
        location = sal.location
        if location.location_type != LocationType.PHYSICAL:
            continue
        for address in location.addresses.all():
            parts = [address.address_1, address.address_2, address.city, address.postal_code]
            text = ", ".join(p for p in parts if p)
            if location.name and location.name != address.address_1:
                text = f"{location.name}: {text}"
            addresses.append(text)
        if location.transportation:
            getting_there.append(location.transportation)
    how = service.get_access_display()
    if service.application_process:
        how += f". {service.application_process}"
    return Entry(
        name=service.name,
        organisation=service.organization.name,
        description=service.description,
        who_for=_who_for(service),
        hours=opening_lines(hours_for(service)),
        addresses=list(dict.fromkeys(addresses)),
        getting_there=list(dict.fromkeys(getting_there)),
        how_to_get_in=how,
        cost=service.fees_description,
        phones=_phones(service),
        website=service.url or service.organization.website,
        email=service.email,
    )


def housing_advice(partnership: Partnership) -> list[Entry]:
    """Where to send someone for housing options: the directory's running housing advice
    services, the council's own first."""
    services = list(
        running_services(partnership)
        .filter(attributes__taxonomy_term_id=term_id("housing-advice"))
        .select_related("organization__agency")
        .prefetch_related(*PDF_PREFETCH)
        .order_by("name", "id")
    )

    def is_council(service: Service) -> bool:
        agency = service.organization.agency
        return agency is not None and agency.type == AgencyType.HOUSING_OPTIONS

    services.sort(key=lambda s: not is_council(s))
    return [entry_for(s) for s in services[:HOUSING_ADVICE_SHOWN]]


def toolkit_title(partnership: Partnership, audience: str) -> str:
    return f"Rough sleeping: a toolkit for {AUDIENCE_TEXT[audience].reader} in {partnership.name}"


def toolkit_filename(partnership: Partnership, audience: str) -> str:
    return f"{partnership.slug}-toolkit-{audience}.pdf"


def toolkit_html(
    partnership: Partnership,
    audience: str,
    *,
    alert_url: str,
    referral_url: str,
    toolkit_url: str,
    made_on: date,
) -> str:
    """The leaflet as HTML: what the PDF is made from."""
    services = chosen_services(partnership, audience, prefetch=PDF_PREFETCH)
    return render_to_string(
        "directory/toolkit/pdf.html",
        {
            "title": toolkit_title(partnership, audience),
            "partnership": partnership,
            "audience": audience,
            "text": AUDIENCE_TEXT[audience],
            "signs": SIGNS,
            "triggers": TRIGGERS,
            "duty_bodies": DUTY_BODIES,
            "entries": [entry_for(s) for s in services],
            "housing_advice": housing_advice(partnership),
            "alert_url": alert_url,
            "referral_url": referral_url,
            "toolkit_url": toolkit_url,
            "made_on": made_on,
        },
    )


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of `html`, from the cache when the same HTML was made before."""
    key = "directory-toolkit-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        from weasyprint import HTML

        pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
