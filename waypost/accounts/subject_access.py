"""What the accounts app holds about a person, for subject access exports.

Nothing about the people Waypost supports: accounts holds staff (users, memberships,
invitations, API tokens). A member of staff's own request is answered by their employer from
its HR systems, not from this export. The lists stay here, empty, so that a model added to
accounts that links to a person is caught by the completeness test and decided on here.
"""

from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED: list[Exported] = []
EXCLUDED: list[Excluded] = []
