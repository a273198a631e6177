"""Scheduled alert work, run by the worker (`manage.py db_worker`)."""

from django.tasks import task

from waypost.referrals.actions import remind_overdue_alerts as remind


@task
def remind_overdue_alerts() -> int:
    """Tell outreach and coordinators how many alerts are overdue or waiting to be forwarded.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return remind()
