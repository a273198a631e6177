"""The change log says who changed which field of a person's record, never the values:
it is append-only, so retention could not remove them later."""

from auditlog.models import LogEntry

from waypost.audit.changes import REDACTED
from waypost.people.actions import update_person
from waypost.people.models import Note
from waypost.testing.people import make_person


def test_a_name_change_is_logged_without_the_name(world, caseworker_user):
    person = make_person(world.council, given_name="Rosalind")
    update_person(person, version=person.version, by=caseworker_user, given_name="Ros")
    entries = LogEntry.objects.get_for_object(person)
    change = entries.filter(action=LogEntry.Action.UPDATE).get()
    assert change.changes_dict["given_name"] == [REDACTED, REDACTED]
    assert "version" not in change.changes_dict
    everything = str(list(entries.values()))
    assert "Rosalind" not in everything and "Ros'" not in everything


def test_note_text_is_never_copied_into_the_log(world, caseworker_user):
    person = make_person(world.council)
    note = Note.objects.create(
        person=person, text="Disclosed a private matter", recorded_by_agency=world.council
    )
    entry = LogEntry.objects.get_for_object(note).get()
    assert "private matter" not in str(entry.changes)
    assert entry.changes_dict["text"][1] == REDACTED
