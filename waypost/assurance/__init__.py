"""Assurance: tests that attack Waypost from outside (the API with schemathesis)."""
