from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.WAYPOST_DEMO:
        return [
            Error(
                "WAYPOST_DEMO=1 relaxes sign-in and cookie security: it is for the demo only.",
                hint="Unset WAYPOST_DEMO for a production deployment.",
                id="waypost.E001",
            )
        ]
    return []
