"""Retention (UK GDPR Art. 5(1)(e)): periods per record type (rules.py), a stored dry-run
report and then anonymisation or removal of what is past its period (actions.py)."""
