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


def run_cli(*args, cwd=None, env=None, input=None, obey_permissions=False) -> subprocess.CompletedProcess:
    """`archlint ARGS` in a subprocess. `obey_permissions`: as root, the run still cannot read
    what file modes forbid (see `permissions_bind`), as for any other user."""
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
        preexec_fn=_without_root_reads if obey_permissions and _is_root() else None,
    )


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_root_reads() -> None:
    """In the child, before exec: take CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH out of the
    capability bounding set, so the program it runs as root is held to file modes as any
    user is (exec gives root only the capabilities the bounding set keeps). Linux only; needs
    CAP_SETPCAP, which containers usually keep."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


@pytest.fixture(scope="session")
def permissions_bind():
    """For tests of unreadable files: as root, check once that a child can be held to file
    modes (`run_cli(..., obey_permissions=True)`); skip, saying why, where it cannot."""
    if _is_root() and not _can_drop():
        pytest.skip("running as root, and root's read-anything capabilities cannot be dropped here "
                    "(not Linux, or no CAP_SETPCAP): an unreadable file would be read")


def _can_drop() -> bool:
    try:
        subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_without_root_reads, check=True, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


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


def rule_docstring(summary: str, why: str, reference: str = "None.") -> str:
    """The docstring a rule module must have (a summary and the sections the rule loader asks
    for), as module source, for the test rules written to disk."""
    return (f'"""{summary}\n\n## Why is this bad?\n{why}\n\n'
            '## Anti-pattern\n```arch\nservice api\n```\n\n'
            '## Best practice\n```arch\nservice api [owner=payments]\n```\n\n'
            f'## Options\nNone.\n\n## References\n- {reference}\n"""\n')
