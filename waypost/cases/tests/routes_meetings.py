"""Who may reach the meeting pages (see waypost/accounts/tests/test_route_coverage.py).

Front-line staff (coordinators, caseworkers, outreach workers) whose agency signed the
partnership's agreement see meetings, agendas and packs; coordinators run them (403 for the
others); referrers, partnership admins, commissioners and DPOs get 403; another partnership's
meeting is 404. test_meeting_access.py proves each denial beside the success."""

from waypost.testing.routes import ROLE

ROUTES = {
    "cases:meetings": ROLE,
    "cases:meeting_new": ROLE,  # coordinators
    "cases:meeting_series_new": ROLE,  # coordinators
    "cases:meeting_series_edit": ROLE,  # coordinators
    "cases:meeting_series_stop": ROLE,  # coordinators
    "cases:meeting_series_start": ROLE,  # coordinators, POST only
    "cases:meeting": ROLE,
    "cases:meeting_attendance": ROLE,  # coordinators
    "cases:meeting_held": ROLE,  # coordinators
    "cases:meeting_cancel": ROLE,  # coordinators
    "cases:meeting_pack": ROLE,
    "cases:meeting_agenda": ROLE,  # coordinators
    "cases:meeting_agenda_build": ROLE,  # coordinators, POST only
    "cases:meeting_agenda_add": ROLE,  # coordinators
    "cases:meeting_agenda_move": ROLE,  # coordinators, POST only
    "cases:meeting_agenda_remove": ROLE,  # coordinators
    "cases:meeting_agenda_restore": ROLE,  # coordinators, POST only
    "cases:meeting_person": ROLE,  # everyone who sees the meeting; coordinators write
    "cases:meeting_person_meetings": ROLE,  # from the person's record: as the support section
}
