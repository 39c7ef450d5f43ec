"""Pausing Python's cyclic garbage collector while a design is read and judged.

A design becomes hundreds of thousands of small objects that all live until the run ends and
hold no reference cycles, so reference counting frees them. Each full collection walks all of
them, which makes a large design's lint superlinear; pausing collection keeps it linear.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Collection off for the block; back to what it was afterwards (so blocks may nest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
