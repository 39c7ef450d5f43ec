"""Writing a generated document, or checking that the one on disk is what would be written."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path


def write_or_check(path: Path, text: str, check: bool, generator: str) -> int:
    """Write `text` to `path`; with `check`, write nothing and return 1 (printing a diff) if they differ."""
    if not check:
        path.write_text(text, encoding="utf-8", newline="\n")
        return 0
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if current == text:
        return 0
    diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), str(path), "generated", n=1)
    sys.stderr.write("".join(list(diff)[:60]))
    sys.stderr.write(f"{path} is out of date: run `python {generator}`\n")
    return 1
