"""Scheduled sharing work, run by the worker (`manage.py db_worker`)."""

from django.tasks import task

from waypost.sharing.actions import send_consent_review_reminders


@task
def remind_consent_reviews() -> int:
    """Remind staff once about each sharing permission whose review date has come.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return send_consent_review_reminders()
