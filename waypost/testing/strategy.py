"""Small action plans for tests: a strategy with themes, commitments and actions."""

from datetime import date
from typing import Any

from waypost.strategy.models import Action, ActionStatus, Commitment, Strategy, Theme


def make_strategy(
    partnership: Any,
    *,
    title: str = "Rough sleeping action plan",
    themes: int = 2,
    commitments: int = 2,
    actions: int = 2,
    due_date: date | None = None,
    status: str = ActionStatus.ON_TRACK,
) -> Strategy:
    """A plan of `themes` × `commitments` × `actions`, all with the same due date and status."""
    strategy = Strategy.objects.create(partnership=partnership, title=title, period="2026 to 2028")
    for t in range(1, themes + 1):
        theme = Theme.objects.create(
            strategy=strategy, position=t, code=f"P{t}", title=f"Theme {t}"
        )
        for c in range(1, commitments + 1):
            commitment = Commitment.objects.create(
                theme=theme,
                position=c,
                number=str(c),
                text=f"Commitment {t}.{c}",
                success_text=f"Success {t}.{c}",
            )
            for a in range(1, actions + 1):
                Action.objects.create(
                    commitment=commitment,
                    position=a,
                    text=f"Action {t}.{c}.{a}",
                    due_text="March 2026" if due_date else "Ongoing",
                    due_date=due_date,
                    lead_text="Housing options",
                    status=status,
                )
    return strategy


def first_action(strategy: Strategy) -> Action:
    return Action.objects.filter(commitment__theme__strategy=strategy).order_by(
        "commitment__theme__position", "commitment__position", "position"
    )[0]
