"""The wheel ships everything: built, installed into a fresh venv, run outside the checkout."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources, and two
    # test workers building the same checkout at once would race there.
    source = tmp_path_factory.mktemp("source") / "archlint"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".archlint_cache", ".hypothesis", "bench"))
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("archlint-*.whl")
    return built


def test_wheel_contains_every_module_grammar_and_rules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in (ROOT / "archlint").rglob("*.py"):
        assert f"archlint/{source.relative_to(ROOT / 'archlint').as_posix()}" in names
    assert "archlint/grammar/archlint.lark" in names
    for rule in ("single_point_of_failure", "stateful_app_server", "uncached_read_path", "missing_observability"):
        assert f"archlint/rules/{rule}.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[archlint.rules]" in text and "archlint = archlint.cli:main" in text


def test_installed_wheel_runs_an_example_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # The dependencies come from the test environment, appended after the venv's own packages,
    # so the freshly installed archlint (not the checkout) is the one imported.
    purelib = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    dependency_dirs = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (purelib / "zz_test_dependencies.pth").write_text("\n".join(sorted(dependency_dirs)) + "\n")

    work = tmp_path / "elsewhere"
    work.mkdir()
    design = work / "naive.arch"
    design.write_text((EXAMPLES / "url_shortener" / "naive.arch").read_text())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import archlint, archlint.rules; print(archlint.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert str(venv) in where.stdout, where.stdout + where.stderr
    process = subprocess.run([str(venv / "bin" / "archlint"), "naive.arch", "--output-format", "concise"],
                             cwd=work, env=env, capture_output=True, text=True)
    assert process.returncode == 1, process.stderr
    assert "R001 [single-point-of-failure]" in process.stdout
    rules = subprocess.run([str(venv / "bin" / "archlint"), "rules"], cwd=work, env=env, capture_output=True, text=True)
    assert "uncached-read-path" in rules.stdout
