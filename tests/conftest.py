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


def run_together(*commands, env=None) -> list[subprocess.CompletedProcess]:
    """Several `archlint` runs side by side (each as `run_cli` would run it), in order."""
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "ARCHLINT_DEBUG")}
    environment.update(env or {})
    running = [
        (args, subprocess.Popen([sys.executable, "-m", "archlint", *map(str, args)], cwd=ROOT, env=environment,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for args in commands
    ]
    done = []
    for args, process in running:
        stdout, stderr = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return done


def every_example(tmp_path_factory, command: str, suffix: str, *args) -> dict[Path, Path]:
    """`archlint COMMAND EXAMPLE -o OUT ARGS` for every example design, side by side: each
    design and what it made, every run checked to exit 0."""
    out = tmp_path_factory.mktemp(command)
    targets = {design: out / f"{design.parent.name}-{design.stem}{suffix}" for design in sorted(EXAMPLES.glob("*/*.arch"))}
    runs = run_together(*((command, design, "-o", target, *args) for design, target in targets.items()))
    for design, process in zip(targets, runs):
        assert process.returncode == 0, f"{design}: {process.stderr}"
        assert_no_traceback(process)
    return targets


def assert_no_traceback(process: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in process.stderr and "Traceback" not in process.stdout, process.stderr


@pytest.fixture
def cli():
    return run_cli
