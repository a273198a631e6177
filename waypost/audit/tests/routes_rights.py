"""Who may reach the subject access and retention pages: data protection officers only."""

from waypost.testing.routes import ROLE

ROUTES = {
    "audit:sar_list": ROLE,
    "audit:sar_open": ROLE,
    "audit:sar_detail": ROLE,
    "audit:sar_find": ROLE,
    "audit:sar_identify": ROLE,
    "audit:sar_id_verified": ROLE,
    "audit:sar_extend": ROLE,
    "audit:sar_export": ROLE,
    "audit:sar_download": ROLE,
    "audit:sar_close": ROLE,
    "audit:retention": ROLE,
    "audit:retention_rule": ROLE,
    "audit:retention_dry_run": ROLE,
    "audit:retention_report": ROLE,
    "audit:retention_apply": ROLE,
}
