"""What the notifications app holds about a person, for subject access exports.

Notifications and outbox messages are addressed to staff and, by design, carry no personal
data about the people Waypost supports: a notification names no one and links to the record
(waypost.notifications.actions.notify), where the access policy applies. So nothing here is
exported. The lists stay, empty, so that a notification model linked to a person is caught by
the completeness test and decided on here.
"""

from waypost.audit.subject_access.registry import Excluded, Exported

EXPORTED: list[Exported] = []
EXCLUDED: list[Excluded] = []
