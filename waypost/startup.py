"""Guards for production entry points."""

import os
import sys


def refuse_demo_mode() -> None:
    """A production server never runs with WAYPOST_DEMO=1: it relaxes MFA, cookies and keys."""
    value = os.environ.get("WAYPOST_DEMO", "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        sys.stderr.write(
            "Refusing to start: WAYPOST_DEMO=1 is for the local demo only (make run). "
            "Unset it for a production server.\n"
        )
        raise SystemExit(3)
