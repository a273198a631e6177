"""Who may reach the merge pages (tests beside each view prove the denials)."""

from waypost.testing.routes import ROLE

ROUTES = {
    "merge:choose": ROLE,  # coordinators and caseworkers who see both records' identity
    "merge:detail": ROLE,  # the same, for both records of the merge; undo is a POST here
    "merge:history": ROLE,  # the same, for the person
}
