"""Signals other apps listen to, so the person record needs to know nothing about them."""

from django.dispatch import Signal

# Sent with `person_ids` after a merge, or its undoing, moved rows between person records with
# UPDATEs (no save() is called on them): apps rebuild what they derive from those rows.
records_moved = Signal()
