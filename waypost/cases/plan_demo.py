"""Demo support plans for `seed_demo` (everyone in them is fictional): goals and actions owned
by different agencies for about ten of the demo people, some overdue and some done, and lead
workers from different agencies.

Idempotent: a partnership whose people already have goals is left as it is.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.cases import plan_actions
from waypost.cases.models import Goal, PlanStatus
from waypost.people.actions import set_lead_worker
from waypost.people.models import Person

PLANNED_PEOPLE = 10

# Each plan: goals, each with actions as (text, owner agency type, days until due, outcome).
# An outcome marks the action done; a negative number of days makes an open one overdue.
PLANS: list[list[tuple[str, list[tuple[str, str, int, str]]]]] = [
    [
        (
            "Get my own flat, near my sister",
            [
                ("Complete the housing register form together", AgencyType.CHARITY, -3, ""),
                ("Make a homelessness assessment", AgencyType.HOUSING_OPTIONS, 5, ""),
            ],
        ),
        (
            "Sort out my benefits",
            [("Book a Universal Credit appointment", AgencyType.DWP, -10, "Claim made")],
        ),
    ],
    [
        (
            "Cut down my drinking",
            [
                ("Refer to the alcohol recovery service", AgencyType.DRUG_ALCOHOL, 2, ""),
                ("Walk them to the first appointment", AgencyType.OUTREACH, 9, ""),
            ],
        )
    ],
    [
        (
            "Get ID so I can open a bank account",
            [
                ("Apply for a birth certificate", AgencyType.CHARITY, -14, "Certificate arrived"),
                ("Open a basic bank account", AgencyType.CHARITY, 12, ""),
            ],
        )
    ],
    [
        (
            "See a doctor about my leg",
            [
                ("Register with the homeless health GP", AgencyType.PRIMARY_CARE, -1, ""),
                ("Arrange the district nurse", AgencyType.HOSPITAL, 6, ""),
            ],
        )
    ],
    [
        (
            "Stay safe at night",
            [
                ("Offer a bed in the winter shelter", AgencyType.OUTREACH, 1, ""),
                ("Check in at the day centre each week", AgencyType.CHARITY, 14, ""),
            ],
        )
    ],
]


def _demo_people(partnership: Partnership) -> list[Person]:
    return list(
        Person.objects.filter(partnership=partnership)
        .live()
        .unrestricted()
        .order_by("created_at", "pk")[:PLANNED_PEOPLE]
    )


def seed_plans_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Support plans and lead workers for the first demo people of `partnership`."""
    if Goal.objects.filter(person__partnership=partnership).exists():
        return
    today = timezone.localdate()
    # Who writes the plans (roles covering support) and who leads (any front-line agency).
    writers = [
        (agencies[AgencyType.CHARITY], users[Role.CASEWORKER]),
        (agencies[AgencyType.HOUSING_OPTIONS], users[Role.COORDINATOR]),
        (agencies[AgencyType.OUTREACH], users[Role.OUTREACH_WORKER]),
    ]
    leads = [
        users[Role.CASEWORKER],
        users[Role.OUTREACH_WORKER],
        users[Role.COORDINATOR],
        users[Role.REFERRER],
    ]
    # The demo users own the actions of their own agency; others are left to the agency.
    owners: dict[Any, User] = {
        agencies[AgencyType.CHARITY].pk: users[Role.CASEWORKER],
        agencies[AgencyType.OUTREACH].pk: users[Role.OUTREACH_WORKER],
        agencies[AgencyType.HOUSING_OPTIONS].pk: users[Role.COORDINATOR],
    }
    for number, person in enumerate(_demo_people(partnership)):
        set_lead_worker(person, lead_worker=leads[number % len(leads)], by=None)
        agency, writer = writers[number % len(writers)]
        for goal_text, actions in PLANS[number % len(PLANS)]:
            goal = plan_actions.add_goal(person=person, text=goal_text, by=writer, agency=agency)
            for text, owner_type, due_in, outcome in actions:
                owner_agency = agencies[owner_type]
                action = plan_actions.add_action(
                    person=person,
                    text=text,
                    owner_agency=owner_agency,
                    owner=owners.get(owner_agency.pk),
                    due_on=today + timedelta(days=due_in),
                    by=writer,
                    agency=agency,
                    goal=goal,
                )
                if outcome:
                    plan_actions.update_action(
                        action,
                        version=action.version,
                        by=writer,
                        agency=agency,
                        status=PlanStatus.DONE,
                        outcome=outcome,
                    )
