"""Production ASGI entry point. Refuses demo mode."""

import os

from waypost.startup import refuse_demo_mode

refuse_demo_mode()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
