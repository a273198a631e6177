"""Who may reach the funds hub, funds, ledgers, grant budgets and reports (see
accounts/tests/test_route_coverage.py): fund managers (partnership admins, coordinators,
commissioners) and a fund's budget holders; 403 for other roles, 404 for another partnership.
test_fund_pages.py, test_grant_spend.py and test_annual_report.py prove each denial."""

from waypost.testing.routes import ROLE

ROUTES = {
    "funds:home": ROLE,
    "funds:fund_new": ROLE,
    "funds:fund": ROLE,
    "funds:fund_edit": ROLE,
    "funds:ledger": ROLE,
    "funds:ledger_csv": ROLE,
    "funds:entry": ROLE,
    "funds:entry_reverse": ROLE,
    "funds:budget_line_new": ROLE,
    "funds:budget_line_edit": ROLE,
    "funds:spend_new": ROLE,
    "funds:grant_report": ROLE,
    "funds:grant_report_csv": ROLE,
    "funds:annual_report": ROLE,
    "funds:annual_report_csv": ROLE,
    "funds:annual_report_pdf": ROLE,
}
