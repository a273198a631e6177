"""WSGI application for `manage.py runserver` only, which `make run` uses in demo mode."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
