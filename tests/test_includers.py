"""A change to an included file is checked through the designs that include it (the pre-commit
hooks name only the changed files): through the real CLI."""

from __future__ import annotations

from conftest import assert_no_traceback, run_cli

SHARED = 'observability metrics "Prometheus" [managed=true]\n'
RENAMED = 'observability telemetry "Prometheus" [managed=true]\n'
CHECKOUT = ('include "../shared/observability.arch"\nclient web\nservice api [replicas=2, zones=2]\n'
            "web -> api\napi ~> metrics\n")
BASE = 'include "../shared/observability.arch"\n'
BILLING = 'include "base.arch"\nclient web\nservice bill [replicas=2, zones=2]\nweb -> bill\nbill ~> metrics\n'


def _project(tmp_path):
    (tmp_path / "archlint.toml").write_text("")
    for name, text in {"shared/observability.arch": SHARED, "designs/checkout.arch": CHECKOUT,
                       "designs/base.arch": BASE, "designs/billing.arch": BILLING,
                       "designs/unrelated.arch": "client c\nservice s [replicas=2, zones=2]\nc -> s\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)


def test_a_named_included_file_is_checked_through_its_includers(tmp_path):
    _project(tmp_path)
    clean = run_cli("shared/observability.arch", "--output-format", "concise", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    notes = [line for line in clean.stderr.splitlines() if "also checked" in line]
    assert notes == [
        "archlint: note: also checked designs/base.arch, which includes shared/observability.arch",
        "archlint: note: also checked designs/checkout.arch, which includes shared/observability.arch",
        "archlint: note: also checked designs/billing.arch, which includes shared/observability.arch",
    ]
    (tmp_path / "shared" / "observability.arch").write_text(RENAMED)  # a rename breaks the includers
    broken = run_cli("shared/observability.arch", "--output-format", "concise", cwd=tmp_path)
    assert broken.returncode == 1
    assert "designs/checkout.arch:5:8: L002 [undefined-reference] `metrics` is not declared" in broken.stdout
    assert "designs/billing.arch:5:9: L002" in broken.stdout and "unrelated" not in broken.stdout + broken.stderr
    assert_no_traceback(broken)


def test_a_file_nobody_includes_is_checked_alone(tmp_path):
    _project(tmp_path)
    process = run_cli("designs/unrelated.arch", cwd=tmp_path)
    assert process.returncode == 0 and "also checked" not in process.stderr
