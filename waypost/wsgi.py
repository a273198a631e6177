"""Production WSGI entry point (gunicorn waypost.wsgi). Refuses demo mode."""

import os

from waypost.startup import refuse_demo_mode

refuse_demo_mode()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
