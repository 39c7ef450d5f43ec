"""A design answered from the findings cache is reported byte for byte as when it was judged: the
same stdout, stderr and exit code on a miss, a hit and with `--no-cache`, in every output format,
with the options that change what is reported (statistics, suppressed findings, a baseline,
colour, stdin). An entry holds the findings as the json formats write them, so this is what
keeps the formats that copy those lines and the ones that decode them in step."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLES, run_cli

from archlint.reporters import FORMATS

# Something of every kind an entry has to carry: an include, findings of every severity with a
# related place (an edge written twice), a suppressed one, a per-file ignore and a severity changed by the
# configuration, and text that JSON has to escape (the suppression's reason: a quote, a tab, U+2028,
# a character outside ASCII).
_CONFIG = """\
[tool.archlint]
select = ["ALL"]

[tool.archlint.per-file-ignores]
"shared.arch" = ["missing-observability"]

[tool.archlint.severity]
stateful-app-server = "info"
"""
_SHARED = "observability metrics [managed=true]\nservice helper \"Helper\"\n"
_EXTRA = """
api -> keygen "next code" [timeout=2s]
service extra "Extra" [colour=blue]
"""

_OPTIONS = {
    "plain": [],
    "counted": ["--statistics", "--show-suppressed"],
    "baseline": ["--baseline", "baseline.json", "--color", "always", "--fail-on", "warning"],
    "stdin": ["-", "--stdin-filename", "design.arch", "--select", "R,L", "--ignore", "R001"],
    "file": ["-o", "report.out"],  # written as text, not through standard output
    "several": ["other.arch", "shared.arch"],  # findings of three designs, an included one's once
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    (root / "pyproject.toml").write_text(_CONFIG, encoding="utf-8")
    (root / "shared.arch").write_text(_SHARED, encoding="utf-8")
    design = (EXAMPLES / "url_shortener" / "naive.arch").read_text(encoding="utf-8")
    store = 'database urls "Links" [engine=mysql, latency=8ms]'
    assert store in design
    design = design.replace(store, store + "  # archlint: ignore[single-point-of-failure] -- a \"test\"\tof\u2028suppression \u00e9")
    (root / "design.arch").write_text('include "shared.arch"\n' + design + _EXTRA, encoding="utf-8")
    shutil.copy(EXAMPLES / "chat" / "naive.arch", root / "other.arch")
    env = {"XDG_CACHE_HOME": str(root / "user-cache")}
    made = run_cli("design.arch", "--no-cache", "--select", "R001", "--write-baseline", "baseline.json", cwd=root, env=env)
    assert made.returncode == 0, made.stderr
    return root


def _run(project, fmt: str, options: list[str], *extra: str):
    paths = [] if "-" in options else ["design.arch"]
    process = run_cli(*paths, *options, "--output-format", fmt, *extra, cwd=project,
                      env={"XDG_CACHE_HOME": str(project / "user-cache")},
                      input=(project / "design.arch").read_text(encoding="utf-8") if "-" in options else None)
    written = project / "report.out"
    report = written.read_text(encoding="utf-8") if "-o" in options else None
    written.unlink(missing_ok=True)
    return process.returncode, process.stdout, process.stderr, report


@pytest.mark.parametrize("options", _OPTIONS.values(), ids=list(_OPTIONS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hit_reports_as_a_miss_and_as_no_cache(project, fmt, options):
    shutil.rmtree(project / ".archlint_cache", ignore_errors=True)
    miss = _run(project, fmt, options)
    assert (project / ".archlint_cache").is_dir()
    hit = _run(project, fmt, options)
    uncached = _run(project, fmt, options, "--no-cache")
    assert miss[0] in (0, 1) and (miss[1] or miss[3]), miss
    assert hit == miss
    assert uncached == miss
