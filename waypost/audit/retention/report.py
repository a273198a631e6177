"""A retention run's report as plain text lines, for the command and the officer's page."""

from datetime import date
from typing import Any

from waypost.audit.models import RecordType, RetentionRun
from waypost.audit.retention.rules import DEFAULTS, describe_months

WITH_LABELS = {
    "merged_records": "records merged into theirs",
    "aliases": "other names",
    "identifiers": "identifiers",
    "contact_details": "contact details",
    "safe_addresses": "safe addresses",
    "notes": "notes",
    "uploaded_files": "uploaded consent forms",
}
ACTIONS = {
    RecordType.PERSON: "to anonymise",
    RecordType.NOTES: "to remove the text of",
    RecordType.CONSENT_FORMS: "to remove the uploaded form and witness from",
    RecordType.BREAK_GLASS: "to remove the reason from",
    RecordType.SUBJECT_ACCESS_EXPORTS: "to delete the file of",
    RecordType.UNIDENTIFIED: "to remove the details from",
}


def rows(run: RetentionRun) -> list[dict[str, Any]]:
    """One row per record type: label, period, cutoff, count planned, count applied."""
    report, applied = run.report, run.applied or {}
    result = []
    for rule in report.get("rules", []):
        record_type = rule["record_type"]
        item = report.get("items", {}).get(record_type, {"count": 0, "ids": []})
        result.append(
            {
                "record_type": record_type,
                "label": str(RecordType(record_type).label),
                "period": describe_months(rule["months"]),
                "is_default": rule["is_default"],
                "counted_from": DEFAULTS[record_type].counted_from,
                "cutoff": date.fromisoformat(rule["cutoff"][:10]),
                "action": ACTIONS[record_type],
                "count": item["count"],
                "ids": item["ids"],
                "with": [(WITH_LABELS.get(k, k), v) for k, v in item.get("with", {}).items() if v],
                "applied": applied.get(record_type, {}).get("count") if run.is_applied else None,
            }
        )
    return result


def as_text(run: RetentionRun) -> list[str]:
    """The report for a terminal: counts and ids, no personal data."""
    held = run.report.get("held", {})
    state = f"applied {run.applied_at:%Y-%m-%d %H:%M}" if run.is_applied else "dry run"
    lines = [f"{run.partnership.name}: retention report {run.pk} ({state})"]
    for row in rows(run):
        lines.append(
            f"  {row['label']} ({row['period']} after {row['counted_from']}; "
            f"before {row['cutoff']:%Y-%m-%d}): {row['count']} {row['action']}"
            + (f", {row['applied']} done" if row["applied"] is not None else "")
        )
        if row["with"]:
            lines.append("    with " + ", ".join(f"{n} {label}" for label, n in row["with"]))
        lines.extend(f"    {pk}" for pk in row["ids"])
    lines.append(
        f"  Held back: {len(held.get('restricted', []))} restricted, "
        f"{len(held.get('open_request', []))} with an open subject access request, "
        f"{len(held.get('unreviewed_break_glass', []))} break-glass uses not yet reviewed"
    )
    lines.extend(f"  {note}" for note in run.report.get("kept", []))
    return lines
