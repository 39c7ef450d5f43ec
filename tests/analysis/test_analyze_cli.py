"""`archlint analyze` through the real CLI: text, JSON, --window, --load, bad input."""

from __future__ import annotations

import json
import math

from conftest import assert_no_traceback, run_cli

DESIGN = """\
slo [availability=99.95%, latency=100ms]
client browser
lb alb [managed=true, availability=99.99%]
service api [replicas=6, zones=3, availability=99.5%, latency=20ms, capacity=2k]
database db [mode=primary_replica, replicas=2, zones=2, availability=99.9%, latency=5ms, capacity=1k]
queue jobs [managed=true, availability=99.9%]
worker mailer [availability=99%]
browser -> alb -> api [rps=8k/s]
api -> db [reads=500/s, writes=100/s, timeout=50ms, retries=2]
api ~> jobs ~> mailer [rps=10/s]
"""


def _json(tmp_path, *extra):
    path = tmp_path / "d.arch"
    path.write_text(DESIGN)
    process = run_cli("analyze", path, "--output-format", "json", *extra)
    assert_no_traceback(process)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_json_has_the_contract_fields(tmp_path):
    document = _json(tmp_path)
    assert document["schema"] == "archlint/analysis" and document["version"] == 1
    assert document["window_minutes"] == 30 * 24 * 60
    assert document["slo"] == {"availability": 0.9995, "latency_seconds": 0.1}
    entries = {e["entry"]: e for e in document["entries"]}
    assert set(entries) == {"browser", "jobs~>mailer"}
    browser = entries["browser"]
    assert browser["kind"] == "request" and entries["jobs~>mailer"]["kind"] == "work"
    # alb x api (4 of 6, k from 8k/s over 2k/s each) x db (1 of 2) x jobs: the plain product
    api = sum(math.comb(6, i) * 0.995 ** i * 0.005 ** (6 - i) for i in range(4, 7))
    expected = 0.9999 * api * (1 - 0.001 ** 2) * 0.999
    assert math.isclose(browser["availability"], expected, rel_tol=1e-12)
    assert math.isclose(browser["budget_minutes"], 21.6)
    assert math.isclose(browser["downtime_minutes"], (1 - expected) * 43200)
    assert browser["contributors"][0]["id"] == "jobs"
    assert browser["latency_p99_seconds"] == 0.025 and browser["latency_path"] == ["alb", "api", "db"]
    assert math.isclose(browser["latency_worst_seconds"], 0.02 + 3 * 0.05)
    assert browser["unstated_latency"] == ["alb"] and browser["unstated_availability"] == []
    components = {c["id"]: c for c in document["components"]}
    assert components["api"]["load_per_second"] == 8000
    assert math.isclose(components["api"]["utilization"], 8000 / 12000)
    assert math.isclose(components["api"]["zone_loss_utilization"], 1.0)  # 4 left of 6
    assert components["alb"]["utilization"] is None


def test_window_and_load(tmp_path):
    document = _json(tmp_path, "--window", "7d", "--load", "10x")
    assert document["window_minutes"] == 7 * 24 * 60
    assert math.isclose(document["entries"][0]["budget_minutes"], 0.0005 * 7 * 24 * 60)
    api = next(c for c in document["components"] if c["id"] == "api")
    assert math.isclose(api["utilization_at_load"], 80000 / 12000) and api["load_factor"] == 10


def test_text_report_names_the_numbers(tmp_path):
    path = tmp_path / "d.arch"
    path.write_text(DESIGN)
    process = run_cli("analyze", path)
    assert process.returncode == 0, process.stderr
    out = process.stdout
    assert "requests from `browser`" in out and "below the slo's 99.95%" in out
    assert "21.6 min budget" in out and "30-day window" in out
    assert "alb 0 ms -> api 20 ms -> db 5 ms" in out
    assert "no latency stated (counted as 0): alb" in out
    assert "work `jobs~>mailer`" in out and "capacity" in out


def test_nothing_stated_gives_one_and_names_everything(tmp_path):
    path = tmp_path / "d.arch"
    path.write_text("client c\nservice api\ndatabase db\nc -> api -> db\n")
    document = json.loads(run_cli("analyze", path, "--output-format", "json").stdout)
    entry = document["entries"][0]
    assert entry["availability"] == 1.0 and entry["unstated_availability"] == ["api", "db"]
    assert entry["budget_minutes"] is None and entry["latency_p99_seconds"] is None
    assert document["slo"] is None


def test_bad_options_and_broken_designs(tmp_path):
    path = tmp_path / "d.arch"
    path.write_text(DESIGN)
    for option in (["--window", "5x"], ["--load", "-2"], ["--window", "100"]):
        process = run_cli("analyze", path, *option)
        assert process.returncode == 2 and "error" in process.stderr
        assert_no_traceback(process)
    broken = tmp_path / "broken.arch"
    broken.write_text("client c\nc -> api\n")
    process = run_cli("analyze", broken)
    assert process.returncode == 1 and "`api` is not declared" in process.stderr
    assert_no_traceback(process)
    process = run_cli("analyze", tmp_path / "missing.arch")
    assert process.returncode == 2 and "missing.arch" in process.stderr
