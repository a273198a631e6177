"""Helpers for the support plan and timeline tests (there are no tests in this file)."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from waypost.cases import plan_actions
from waypost.testing.personas import mark_recently_authenticated


def days(n: int):
    """The date `n` days from today (negative: in the past)."""
    return timezone.localdate() + timedelta(days=n)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def action_for(person, by, agency, *, owner_agency=None, owner=None, due=7, text="Book a GP"):
    """An action in `person`'s plan recorded by `agency`, owned by `owner_agency` (default
    `agency`), due in `due` days (negative: overdue)."""
    return plan_actions.add_action(
        person=person,
        text=text,
        owner_agency=owner_agency or agency,
        owner=owner,
        due_on=days(due),
        by=by,
        agency=agency,
    )
