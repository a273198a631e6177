"""A break-glass ends with the membership it was used through.

Break-glass is one person's emergency decision, with their reason, at their agency. When that
membership ends (a leaver, or a change of role, which ends one membership and starts another),
any break-glass still open through it ends too: coming back to the agency does not bring it
back, and a new emergency needs a new reason and tells the DPO again. Connected to Membership's
post_save because accounts, lower in the stack, does not know about sharing.
"""

from typing import Any

from waypost.accounts.models import Membership
from waypost.sharing.models import BreakGlass


def end_break_glass_with_membership(
    sender: type[Membership], instance: Membership, **kwargs: Any
) -> None:
    if instance.ended_at is None:
        return
    BreakGlass.objects.filter(
        user_id=instance.user_id, agency_id=instance.agency_id, ended_at__isnull=True
    ).update(ended_at=instance.ended_at)
