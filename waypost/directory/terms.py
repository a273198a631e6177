"""Waypost's own taxonomies: the categories of service (what someone needs) and the
eligibility attributes that HSDS carries as taxonomy terms. Ids are derived from the codes, so
they are the same on every installation and in every export.

`sync_waypost_taxonomies` writes them (a data migration calls it; so can a later one when the
lists change). `NEED_TERMS` links the domains of an assessment to the categories that meet
them, for the gap analysis.
"""

from dataclasses import dataclass
from typing import Any

from waypost.directory.models import waypost_uuid

CATEGORY_TAXONOMY = "waypost-categories"
ELIGIBILITY_TAXONOMY = "waypost-eligibility"


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    description: str
    parent: str = ""


CATEGORIES: tuple[Term, ...] = (
    Term(
        "emergency-accommodation",
        "Emergency accommodation",
        "A bed tonight: night shelters, emergency beds, hostels and severe weather beds.",
    ),
    Term("day-centres", "Day centres and hubs", "Somewhere to go in the day: drop-ins and hubs."),
    Term("food", "Food", "Free or low-cost meals, food banks and food parcels."),
    Term("showers-laundry", "Showers and laundry", "Showers, washing clothes and toiletries."),
    Term("health", "Health", "Health care for people sleeping rough or without a fixed address."),
    Term(
        "gp-no-fixed-abode",
        "GP for people with no fixed address",
        "GP practices that register people with no fixed address.",
        "health",
    ),
    Term("nurse", "Nurse", "Nurse clinics and street nursing.", "health"),
    Term("dental", "Dental", "Emergency and routine dental care.", "health"),
    Term("mental-health", "Mental health", "Support with mental health.", "health"),
    Term("drugs-alcohol", "Drugs and alcohol", "Treatment, harm reduction and recovery.", "health"),
    Term("advice", "Advice", "Free, independent advice."),
    Term(
        "housing-advice",
        "Housing advice",
        "Help to find somewhere to live or keep your home.",
        "advice",
    ),
    Term("benefits-advice", "Benefits advice", "Help to claim and keep benefits.", "advice"),
    Term(
        "immigration-advice",
        "Immigration advice",
        "Advice on immigration status and rights, including no recourse to public funds.",
        "advice",
    ),
    Term("debt-advice", "Debt advice", "Help with debts and money.", "advice"),
    Term("id-post", "ID and post", "Getting ID documents, and an address for post."),
    Term("employment", "Employment", "Help to find and keep work."),
    Term("training-education", "Training and education", "Courses, skills and qualifications."),
    Term(
        "settling-in",
        "Settling into a home",
        "Furniture, tenancy skills, bills and getting to know the area.",
    ),
    Term("womens-services", "Women's services", "Services for women, run by and for women."),
    Term("young-people", "Young people's services", "Services for people aged 16 to 25."),
    Term(
        "alternative-giving",
        "Alternative giving",
        "Ways for the public to give that reach people sleeping rough.",
    ),
)

# Eligibility and access, as HSDS attributes (waypost.directory.models.Service columns).
ELIGIBILITY: tuple[Term, ...] = (
    Term("women-only", "Women only", "Only for women."),
    Term("men-only", "Men only", "Only for men."),
    Term(
        "no-recourse-accepted",
        "No recourse to public funds accepted",
        "Open to people with no recourse to public funds.",
    ),
    Term(
        "local-connection-needed",
        "Local connection needed",
        "Only for people with a local connection to the area.",
    ),
    Term("walk-in", "Walk in", "No referral or appointment needed."),
    Term("walk-in-or-referral", "Walk in or referral", "Walk in, or be referred."),
    Term("appointment", "Appointment needed", "Ring or write for an appointment."),
    Term("referral-needed", "Referral needed", "A professional must refer you."),
)

TAXONOMIES: dict[str, tuple[str, str, tuple[Term, ...]]] = {
    CATEGORY_TAXONOMY: (
        "Waypost service categories",
        "What a service helps with, for people sleeping rough or at risk of it.",
        CATEGORIES,
    ),
    ELIGIBILITY_TAXONOMY: (
        "Waypost eligibility",
        "Who a service is for and how to get in.",
        ELIGIBILITY,
    ),
}

# Assessment domain (waypost.cases.models.Domain values) -> the categories that meet that need.
NEED_TERMS: dict[str, tuple[str, ...]] = {
    "housing_history": ("housing-advice", "emergency-accommodation"),
    "physical_health": ("gp-no-fixed-abode", "nurse", "dental"),
    "mental_health": ("mental-health",),
    "drugs_alcohol": ("drugs-alcohol",),
    "finances": ("benefits-advice", "debt-advice"),
    "identity_documents": ("id-post",),
    "employment": ("employment", "training-education"),
}


def taxonomy_id(code: str) -> Any:
    return waypost_uuid(f"taxonomy:{code}")


def term_id(code: str) -> Any:
    return waypost_uuid(f"term:{code}")


def sync_waypost_taxonomies(apps: Any = None) -> None:
    """Create or update Waypost's taxonomies and terms. Idempotent. `apps` is the migration
    state's registry when called from a migration."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    taxonomy_model = apps.get_model("directory", "Taxonomy")
    term_model = apps.get_model("directory", "TaxonomyTerm")
    for code, (name, description, terms) in TAXONOMIES.items():
        taxonomy, _ = taxonomy_model.objects.update_or_create(
            id=taxonomy_id(code),
            defaults={"name": name, "description": description, "uri": "", "version": "1"},
        )
        for position, term in enumerate(terms):
            term_model.objects.update_or_create(
                id=term_id(term.code),
                defaults={
                    "taxonomy": taxonomy,
                    "taxonomy_name": name,
                    "code": term.code,
                    "name": term.name,
                    "description": term.description,
                    "parent_id": term_id(term.parent) if term.parent else None,
                    "language": "en",
                    "position": position,
                },
            )
