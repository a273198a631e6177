"""Bland words for synthetic records: notes, descriptions and summaries that read like a
worker's but say nothing about anyone (no names, no places that exist, no diagnoses)."""

import random

from waypost.people.models import NoteKind

NOTES: dict[str, tuple[str, ...]] = {
    NoteKind.GENERAL: (
        "Checked in as planned.",
        "Called back about the appointment next week.",
        "Left a message with the day centre to pass on.",
        "Agreed to meet again on Thursday morning.",
        "Reviewed the support plan together; no changes.",
    ),
    NoteKind.CONTACT: (
        "Usually found near the usual spot in the mornings.",
        "Has a new phone; number updated with the team.",
        "Prefers to be met at the day centre rather than on the street.",
        "Moves between two spots depending on the weather.",
    ),
    NoteKind.SUPPORT: (
        "Helped with a benefits form; copy kept at the hub.",
        "Wants help getting ID; started the application.",
        "Interested in a cooking course at the community centre.",
        "Talked through budgeting for the first month in a tenancy.",
    ),
    NoteKind.HEALTH: (
        "Registered with the homeless health practice.",
        "Reminded about the clinic appointment.",
        "Said they are sleeping badly; suggested talking to the nurse.",
    ),
    NoteKind.OFFENDING: (
        "Reporting to probation weekly; no concerns raised.",
        "Court date next month; support to attend arranged.",
    ),
    NoteKind.SAFEGUARDING: (
        "Says they feel safer at the new spot.",
        "Raised a concern with the safeguarding lead; follow-up agreed.",
    ),
    NoteKind.IMMIGRATION: (
        "Referred for free immigration advice.",
        "Waiting to hear about their application.",
    ),
    NoteKind.HOUSING: (
        "Viewed a room in shared housing; waiting for an answer.",
        "On the waiting list for supported housing.",
        "Talked about moving on from the hostel in the spring.",
    ),
}
CONTACT_NOTES = (
    "Offered a hot drink; had a short chat.",
    "Asleep when we passed; did not wake them.",
    "In good spirits; said they are eating at the day centre.",
    "Asked about beds for tonight.",
    "Said they would think about the offer.",
)
DESCRIPTIONS = (
    "Man, about 40, green sleeping bag, with a small dog",
    "Woman, about 30, red coat, said her name begins with J",
    "Older man, grey beard, sitting by the cash machine",
    "Young man, about 20, hood up, would not give a name",
    "Person in a tent, did not come out; said they were fine",
)
LOCATION_DETAILS = ("Doorway of the empty shop", "Under the footbridge", "Back of the car park")
REASON_DETAILS = (
    "Was staying with a friend, who has now asked them to leave.",
    "Notice to leave from the landlord; rent arrears.",
    "Due to leave and has nowhere arranged to go.",
    "Sleeping in a car for the last few nights.",
)
SUMMARIES = (
    "Wants a room of their own and help to keep it.",
    "Engaging well; main need is somewhere settled to live.",
    "Some needs around health and money; keen to work on both.",
    "Not ready to talk about everything yet; will review.",
)
DETAILS = (
    "Discussed; support in place.",
    "Would like help with this.",
    "Has support from another service.",
)
WARNINGS = (
    "Has a dog that can be protective: approach calmly.",
    "Visit in pairs.",
)
NEEDS_ON_RELEASE = (
    "Somewhere to stay on the day, and a GP registration.",
    "Accommodation, medication on release, and help with benefits.",
)


def note(rng: random.Random, kind: str) -> str:
    return rng.choice(NOTES[kind])
