"""The live measures the strategy tracker ties its success measures to (registered on start-up)."""


def register_all() -> None:
    """Placeholder until the measures are written."""
