"""A real SMTP server and SMS gateway for delivery tests, and the worker in another process.

They live in waypost.testing.worker (other apps' tests use them too); importing the fixtures
here makes them available to every test in this folder. The names stay importable from here.
"""

from waypost.testing.worker import (  # noqa: F401  (fixtures and helpers re-exported)
    MailStore,
    SmsGateway,
    WorkerRunner,
    mail_store_fixture,
    run_worker_fixture,
    sms_gateway_fixture,
    smtp_mailers,
)
