"""Shared helpers: run the real CLI in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


def run_cli(*args, cwd=None, env=None, input=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "ARCHLINT_DEBUG")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "archlint", *map(str, args)],
        cwd=cwd or ROOT,
        env=environment,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_no_traceback(process: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in process.stderr and "Traceback" not in process.stdout, process.stderr


@pytest.fixture
def cli():
    return run_cli
