from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "waypost.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from waypost.audit.changes import register_personal
        from waypost.people import models

        # Who changed what in a person's record, and when; never the values (see changes.py).
        # Merges write their own entries (people/merging.py).
        register_personal(
            models.Person,
            keep=["created_at", "restricted_at", "merged_at", "anonymised_at"],
            skip=["updated_at", "last_activity_at", "version"],
        )
        for model in (
            models.Alias,
            models.Identifier,
            models.SafeAddress,
            models.ContactDetail,
            models.IdVerification,
            models.CareOfAddress,
            models.PostItem,
            models.SupportNeed,
            models.HousingHistoryEntry,
            models.Note,
            models.StaffSafetyWarning,
        ):
            register_personal(model, keep=["recorded_at", "ended_at", "collected_at"])
        # Review decisions on possible duplicates: who decided, what, when (no personal values).
        register_personal(
            models.DuplicatePair,
            keep=["score", "status", "found_at", "decided_at"],
            skip=["explanation"],
        )
