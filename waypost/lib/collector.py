"""Pausing Python's cyclic garbage collector around a large read.

A report that reads a few hundred thousand rows makes a few hundred thousand small objects
(rows, UUIDs, lists) and frees none of them until it ends. The collector runs a pass every
2,000 new objects and, every so often, one over everything the process holds, so at 20M
contacts it took more than half the monthly return's time in Python, finding nothing to free.
Reference counting still frees everything as usual while it is paused; only cycles wait, and
they are collected at the next pass after it resumes.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (it stays off if it already was)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
