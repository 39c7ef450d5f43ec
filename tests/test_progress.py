"""The progress bar: drawn on a terminal's stderr for long human reports, and never otherwise."""

from __future__ import annotations

import io

import pytest

from conftest import run_cli

from archlint import progress
from archlint.reporters import HUMAN_FORMATS

BAR_CHARACTERS = ("\u2501", "\u2578", "\u257a", "Linting", "\x1b[")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


@pytest.mark.parametrize(
    ("count", "output_format", "stream", "environ", "expected"),
    [
        (21, "full", Terminal(), {}, True),
        (21, "concise", Terminal(), {"TERM": "xterm"}, True),
        (20, "full", Terminal(), {}, False),  # a short run needs no bar
        (500, "json", Terminal(), {}, False),  # never for a machine format
        (500, "sarif", Terminal(), {}, False),
        (500, "github", Terminal(), {}, False),
        (500, "full", io.StringIO(), {}, False),  # never when stderr is not a terminal
        (500, "full", Terminal(), {"TERM": "dumb"}, False),
        (500, "full", Closed(), {}, False),
        (500, "full", None, {}, False),
    ],
)
def test_when_a_bar_is_wanted(count, output_format, stream, environ, expected):
    assert progress.wanted(count, output_format in HUMAN_FORMATS, stream, environ) is expected


def test_the_bar_passes_every_file_through(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    files = [f"d{n}.arch" for n in range(30)]
    terminal = Terminal()
    assert list(progress.bar(terminal, for_people=True)(files)) == files
    assert "30/30" in terminal.getvalue()
    pipe = io.StringIO()
    assert progress.bar(pipe, for_people=True)(files) is files and pipe.getvalue() == ""


@pytest.mark.parametrize("output_format", ["full", "json"])
def test_no_bar_when_stderr_is_not_a_terminal(tmp_path, output_format):
    for number in range(progress.MIN_FILES + 5):
        (tmp_path / f"d{number:02}.arch").write_text(f"service s{number} [replicas=2, zones=2]\n")
    process = run_cli(".", "--isolated", "--output-format", output_format, cwd=tmp_path)
    assert process.returncode == 0
    assert process.stderr == ""
    assert not any(character in process.stdout for character in BAR_CHARACTERS)
