#!/usr/bin/env python3
"""The benchmark harness: how long each stage of archlint takes, per design size.

    python bench/run.py                       # sizes 100, 1k, 10k, 100k; 5 runs (fewer when slow)
    python bench/run.py --quick               # sizes 100, 1k; 3 runs: a smoke run
    python bench/run.py --sizes 100,1000,10000 --runs 3 --seed 1

For each size it generates a design (bench/generate.py, cached in bench/.cache/designs/) and
measures, as the median over several runs:

- in a fresh worker subprocess per size (so one size's caches and memory do not distort
  another's): parse, load (parse + model), model (load minus the parse inside it), graph build,
  each built-in rule, the in-process engine (`lint_text`), and the full, json and sarif reporters
  writing to an io.StringIO;
- in fresh subprocesses: the end-to-end CLI lint of a first run (`archlint --isolated --no-cache
  --output-format json FILE` to /dev/null: the figure judged against the targets) with its peak RSS
  (wait4's ru_maxrss), the same lint answered from the findings cache (`end_to_end_cached`: the
  cache is filled by one discarded run first; `end_to_end_cached_full` the same in the default
  format, as a pre-commit hook runs it), `archlint analyze --sweep FILE` (the what-if
  sweep) up to --sweep-max components, and `archlint render FILE -o OUT.svg` up to --render-max
  components;

and once per invocation, interleaved round by round: the cold CLI on
examples/url_shortener/naive.arch next to `python -c pass`, the bare import of networkx and
pydantic, and `archlint --version`.

It prints a table and PASS/FAIL lines for the targets (never an exit code: it is a measuring
tool) and writes bench/results/latest.json (or --json-out) with the machine it ran on.
Standard library only; POSIX (it reads each child's rusage through os.wait4).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATOR = BENCH / "generate.py"
DEFAULT_JSON = BENCH / "results" / "latest.json"
DEFAULT_CACHE = BENCH / ".cache" / "designs"
COLD_DESIGN = ROOT / "examples" / "url_shortener" / "naive.arch"

DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 1_000)
DEFAULT_RUNS = 5
QUICK_RUNS = 3
REPORT_FORMATS = ("full", "json", "sarif")

# Targets (judged and printed, never asserted).
COLD_RATIO_TARGET = 6.0  # the cold CLI on a small design, against `python -c pass`
E2E_TARGETS = {10_000: 2.0, 100_000: 15.0}
ANALYZE_SIZE, ANALYZE_RATIO = 10_000, 1.5  # `archlint analyze` against the lint, end to end
SWEEP_SIZE, SWEEP_TARGET = 10_000, 30.0  # `archlint analyze --sweep`, end to end
SWEEP_MAX = 10_000  # the sweep grows as (components + domains) x the design: 100k would take hours
CACHED_TARGET = 0.5  # an unchanged design answered from the cache, at any size
LINEAR_FROM, LINEAR_TO, LINEAR_TARGET = 10_000, 100_000, 12.0
MEMORY_SIZE, MEMORY_TARGET = 100_000, 600 << 20

SCHEMA_VERSION = 1


# --- small helpers ---------------------------------------------------------------------------
def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _sample(samples: list[float]) -> dict:
    return {"median_s": _median(samples), "runs_s": samples}


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def _fmt_bytes(count: int | None) -> str:
    if count is None:
        return "-"
    return f"{count / (1 << 20):.0f} MiB"


def _size_label(size: int) -> str:
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _environment() -> dict:
    """The children's environment: no forced colour or debug output, and byte code written
    (PYTHONDONTWRITEBYTECODE dropped). An installed archlint has its modules' byte code; without
    it every run would compile them from source again, about 0.1 s of CPU per process."""
    return {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "ARCHLINT_DEBUG", "PYTHONDONTWRITEBYTECODE")}


def _runs_within(first_seconds: float, wanted: int, budget: float) -> int:
    """How many runs fit the budget, given the first one's time: at least 1, at most `wanted`."""
    if first_seconds <= 0:
        return wanted
    return max(1, min(wanted, int(budget // first_seconds)))


# --- child processes -------------------------------------------------------------------------
class ChildResult:
    def __init__(self, seconds: float, exit_code: int, max_rss: int | None, stderr: str, timed_out: bool):
        self.seconds = seconds
        self.exit_code = exit_code
        self.max_rss = max_rss  # bytes
        self.stderr = stderr
        self.timed_out = timed_out

    def problem(self, ok_codes=(0, 1)) -> str | None:
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        if self.exit_code not in ok_codes:
            last = self.stderr.strip().splitlines()[-1:] or [""]
            return f"exit code {self.exit_code}: {last[0][:300]}"
        return None


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kibibytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_child(argv: list[str], timeout: float, cwd: Path = ROOT) -> ChildResult:
    """Run a command with stdout to /dev/null; its wall time, exit code and own peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                cwd=cwd, env=_environment())
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                proc.kill()
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return ChildResult(seconds, proc.returncode, _maxrss_bytes(usage.ru_maxrss), stderr, killed.is_set())


def archlint_command() -> list[str]:
    """The console script next to this interpreter (what a user or a pre-commit hook runs)."""
    script = Path(sys.executable).parent / "archlint"
    if script.exists():
        return [str(script)]
    found = shutil.which("archlint")
    return [found] if found else [sys.executable, "-m", "archlint"]


# --- designs ---------------------------------------------------------------------------------
def _load_generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def design_file(size: int, seed: int, cache: Path) -> Path:
    """The generated design, cached by size, seed and the generator's own source."""
    digest = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]
    path = cache / f"d{size}_s{seed}_{digest}.arch"
    if not path.exists():
        _log(f"  generating {size:,} components (seed {seed}) -> {path}")
        text = _load_generator().generate(size, seed)
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        with open(partial, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(partial, path)
    return path


def hostile_design(n: int) -> str:
    """n services and n edges to misspelt names: n undefined references with a did-you-mean each."""
    return "".join(f"service s{i:06d}\n" for i in range(n)) + "".join(f"s{i:06d} -> t{i:06d}\n" for i in range(n))


# --- the in-process worker (runs in its own subprocess, one per size) -----------------------
def _worker(file: str, runs: int, budget: float, out: str) -> int:
    from archlint import loader as loader_module
    from archlint.analysis import Analysis
    from archlint.analysis.export import document as analysis_document
    from archlint.gc_pause import gc_paused
    from archlint.graph import DesignGraph
    from archlint.linter import lint_text
    from archlint.parser import parse
    from archlint.registry import builtin_rules
    from archlint.reporters import ReportContext, reporter

    rules = sorted(builtin_rules(), key=lambda spec: spec.code)  # the engine's order
    options = {spec.code: (spec.options() if spec.options is not None else None) for spec in rules}
    reporters = {name: reporter(name) for name in REPORT_FORMATS}

    # Time the parse inside load() too, so `model` is load minus its own parse. A parse handing
    # its statements to the loader as it goes builds the model inside it: it is not counted, and
    # `model` is then load minus the `parse` stage.
    inner = {"seconds": 0.0, "calls": 0}
    real_parse = getattr(loader_module, "parse", None)
    if real_parse is not None:
        def timed_parse(*args, **kwargs):
            if len(args) > 2 or kwargs.get("sink") is not None:
                return real_parse(*args, **kwargs)
            start = time.perf_counter()
            try:
                return real_parse(*args, **kwargs)
            finally:
                inner["seconds"] += time.perf_counter() - start
                inner["calls"] += 1

        loader_module.parse = timed_parse

    samples: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    info: dict = {}

    def timed(stage: str, action):
        gc.collect()
        # The console script runs with the collector off from start to end (`archlint.cli.main`),
        # so every stage, reporting too, is timed with it paused.
        start = time.perf_counter()
        try:
            with gc_paused():
                value = action()
        except Exception as error:  # record and go on: one broken stage must not hide the rest
            errors.setdefault(stage, f"{type(error).__name__}: {error}")
            return None
        samples.setdefault(stage, []).append(time.perf_counter() - start)
        return value

    def one_run(file: str, text: str, record: bool) -> None:
        timed("parse", lambda: parse(text, file))
        inner["seconds"], inner["calls"] = 0.0, 0
        loaded = timed("load", lambda: loader_module.load(file, text))
        if loaded is not None:
            load_s = samples["load"][-1]
            if inner["calls"]:
                samples.setdefault("model", []).append(max(load_s - inner["seconds"], 0.0))
            elif samples.get("parse"):
                samples.setdefault("model", []).append(max(load_s - samples["parse"][-1], 0.0))
        design = loaded.design if loaded is not None else None
        if design is None:
            if loaded is not None:
                errors.setdefault("load", "no design: " + "; ".join(f.message for f in loaded.findings[:3]))
            return
        graph = timed("graph", lambda: DesignGraph(design))
        if graph is not None:
            total = 0.0
            for spec in rules:
                before = len(samples.get(f"rule:{spec.name}", []))
                timed(f"rule:{spec.name}", lambda spec=spec: list(spec.check(design, graph, options[spec.code])))
                taken = samples.get(f"rule:{spec.name}", [])
                if len(taken) > before:
                    total += taken[-1]
            samples.setdefault("rules", []).append(total)
            # `archlint analyze`'s own work: every entry point's numbers and the document, on a
            # graph of its own (the rules' graph already holds the numbers they asked for).
            fresh = DesignGraph(design)
            timed("analysis", lambda: analysis_document(Analysis(design, fresh)))
        del graph, design, loaded
        result = timed("lint", lambda: lint_text(text, file, isolated=True))
        if result is None:
            return
        if record:
            counts: dict[str, int] = {}
            for finding in result.active:
                counts[finding.code] = counts.get(finding.code, 0) + 1
            info["findings"] = dict(sorted(counts.items()))
            info["components"] = sum(len(d.components) for d in result.designs)
            info["edges"] = sum(len(d.edges) for d in result.designs)
        for name, module in reporters.items():
            timed(f"report:{name}", lambda module=module: module.report(
                result, io.StringIO(), color=False, context=ReportContext()))
        components = sum(len(d.components) for d in result.designs)
        del result
        if components:
            # The worst hostile case left (tests/test_growth.py): as many undefined references as
            # the design has components, each asking for a did-you-mean over every id.
            hostile = hostile_design(components)
            timed("hostile:undefined", lambda: lint_text(hostile, "hostile.arch", isolated=True))

    # Warm up on a small design: the parser, lazy imports and pydantic models are built once
    # per process; their cost belongs to the cold-start figures, not to a size's stages.
    one_run(str(COLD_DESIGN), COLD_DESIGN.read_text(encoding="utf-8"), record=False)
    samples.clear()
    errors.clear()

    text = Path(file).read_text(encoding="utf-8")
    start = time.perf_counter()
    one_run(file, text, record=True)
    planned = _runs_within(time.perf_counter() - start, runs, budget)
    for _ in range(planned - 1):
        gc.collect()
        one_run(file, text, record=False)

    report = {
        "runs": planned,
        "stages": {stage: _sample(values) for stage, values in samples.items()},
        "errors": errors,
        "info": info,
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
    return 0


# --- the parts run from the main process ----------------------------------------------------
def cold_start(rounds: int, timeout: float) -> dict:
    """Interleaved cold runs; one discarded warm-up round first (the disk cache and the findings
    cache: the CLI row is what a pre-commit hook pays on an unchanged design)."""
    py = sys.executable
    cli = archlint_command()
    design = str(COLD_DESIGN.relative_to(ROOT))
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import networkx, pydantic": [py, "-c", "import networkx, pydantic"],
        f"archlint {design}": [*cli, design],
        f"python -m archlint {design}": [py, "-m", "archlint", design],
        "archlint --version": [*cli, "--version"],
    }
    names = list(commands)
    samples: dict[str, list[float]] = {name: [] for name in names}
    problems: dict[str, str] = {}
    for index in range(rounds + 1):
        shift = index % len(names)  # rotate the order so no command always runs first
        for name in names[shift:] + names[:shift]:
            child = run_child(commands[name], timeout)
            problem = child.problem()
            if problem:
                problems.setdefault(name, problem)
            elif index > 0:
                samples[name].append(child.seconds)
    result = {"rounds": rounds, "commands": {}}
    for name in names:
        entry = {"argv": commands[name]}
        if samples[name]:
            entry.update(_sample(samples[name]))
        if name in problems:
            entry["error"] = problems[name]
        result["commands"][name] = entry
    base = result["commands"]["import networkx, pydantic"].get("median_s")
    bare = result["commands"]["python -c pass"].get("median_s")
    cli_median = result["commands"][f"archlint {design}"].get("median_s")
    result["cli"] = f"archlint {design}"
    result["baseline"] = "import networkx, pydantic"
    result["ratio_cli_to_imports"] = cli_median / base if cli_median and base else None
    result["ratio_cli_to_python"] = cli_median / bare if cli_median and bare else None
    result["ratio_imports_to_python"] = base / bare if base and bare else None
    return result


def in_process(file: Path, runs: int, budget: float, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "worker.json")
        argv = [sys.executable, str(Path(__file__).resolve()), "--worker", str(file), "--runs", str(runs),
                "--budget", str(budget), "--worker-out", out]
        child = run_child(argv, timeout)
        problem = child.problem(ok_codes=(0,))
        if problem or not os.path.exists(out):
            return {"error": problem or "the worker wrote no results", "stages": {}, "errors": {}, "info": {}}
        with open(out, encoding="utf-8") as handle:
            report = json.load(handle)
        report["worker_max_rss_bytes"] = child.max_rss
        return report


def repeated(argv: list[str], runs: int, budget: float, timeout: float, ok_codes=(0, 1)) -> dict:
    """Fresh-process runs of a command: time medians, the largest peak RSS, the exit code."""
    times, peaks, planned, exit_code = [], [], 1, None
    while len(times) < planned:
        child = run_child(argv, timeout)
        problem = child.problem(ok_codes)
        if problem:
            return {"error": problem, "argv": argv}
        if not times:  # the first run says how many fit the budget
            planned, exit_code = _runs_within(child.seconds, runs, budget), child.exit_code
        times.append(child.seconds)
        peaks.append(child.max_rss)
    return {**_sample(times), "max_rss_bytes": max(peaks), "exit_code": exit_code, "argv": argv}


def render_available(timeout: float) -> str | None:
    """None when `archlint render` exists, else why not."""
    child = run_child([*archlint_command(), "render", "--help"], timeout)
    if child.exit_code != 0:
        return "no `archlint render` command in this build"
    return None


def machine_info() -> dict:
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
        "cpu_count": os.cpu_count(),
        "cpu_model": None,
        "memory_bytes": None,
    }
    if hasattr(os, "getloadavg"):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]  # a busy machine skews everything
    if hasattr(os, "sched_getaffinity"):
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if not info["cpu_model"]:
        info["cpu_model"] = platform.processor() or None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError, IndexError):
        pass
    from importlib import metadata

    versions = {}
    for name in ("archlint", "lark", "networkx", "pydantic", "rich", "graphviz", "pygraphviz"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    info["packages"] = versions
    dot = shutil.which("dot")
    if dot:
        try:
            done = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=10)
            info["graphviz_dot"] = (done.stderr or done.stdout).strip()
        except (OSError, subprocess.SubprocessError):
            info["graphviz_dot"] = dot
    else:
        info["graphviz_dot"] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        if commit.returncode == 0:
            info["git_commit"] = commit.stdout.strip()
            info["git_dirty"] = bool(status.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return info


# --- judging and printing --------------------------------------------------------------------
def stage_order(sizes: dict) -> list[str]:
    fixed = ["parse", "load", "model", "graph"]
    rules = sorted({s for entry in sizes.values() for s in entry.get("stages", {}) if s.startswith("rule:")})
    tail = ["rules", "analysis", "lint"] + [f"report:{name}" for name in REPORT_FORMATS] + [
        "hostile:undefined", "end_to_end", "analyze_end_to_end", "sweep_end_to_end", "end_to_end_cached",
        "end_to_end_cached_full", "render"]
    return fixed + rules + tail


# Stages not held to the near-linear target: the sweep runs one scenario per component and
# domain, each costing what it touches, so 10x the components is up to 100x the work.
NOT_LINEAR = {"sweep_end_to_end"}


def stage_median(entry: dict, stage: str) -> float | None:
    value = entry.get("stages", {}).get(stage, {})
    return value.get("median_s")


def ratios(sizes: dict, low: int, high: int) -> dict[str, float]:
    a, b = sizes.get(str(low)), sizes.get(str(high))
    if not a or not b:
        return {}
    out = {}
    for stage in stage_order(sizes):
        x, y = stage_median(a, stage), stage_median(b, stage)
        if x and y:
            out[stage] = y / x
    return out


def _measured(sizes: dict, size: int, stage: str) -> tuple[float | None, dict | None]:
    """A stage's median at a size, or the status and detail of a target that cannot judge it:
    SKIP when the size was not run or the stage was skipped, FAIL when it erred."""
    entry = sizes.get(str(size))
    if entry is None:
        return None, {"status": "SKIP", "detail": f"size {size} not run"}
    seconds = stage_median(entry, stage)
    if seconds is not None:
        return seconds, None
    value = entry.get("stages", {}).get(stage, {})
    if "skipped" in value:
        return None, {"status": "SKIP", "detail": value["skipped"]}
    return None, {"status": "FAIL", "detail": value.get("error", "not measured")}


def judge(results: dict) -> list[dict]:
    targets = []
    cold = results.get("cold_start") or {}
    ratio = cold.get("ratio_cli_to_python")
    name = f"cold `{cold.get('cli', 'archlint')}` within {COLD_RATIO_TARGET:g}x of `python -c pass`"
    if ratio is None:
        targets.append({"target": name, "status": "SKIP", "detail": "not measured"})
    else:
        cli = cold["commands"][cold["cli"]]["median_s"]
        base = cold["commands"]["python -c pass"]["median_s"]
        targets.append({"target": name, "status": "PASS" if ratio <= COLD_RATIO_TARGET else "FAIL",
                        "value": ratio, "detail": f"{ratio:.2f}x ({_fmt_time(cli)} vs {_fmt_time(base)})"})
    sizes = results["sizes"]
    for size, limit in E2E_TARGETS.items():
        name = f"{size:,} components linted end to end in under {limit:g} s"
        seconds, missing = _measured(sizes, size, "end_to_end")
        if missing:
            targets.append({"target": name, **missing})
        else:
            targets.append({"target": name, "status": "PASS" if seconds < limit else "FAIL", "value": seconds,
                            "detail": _fmt_time(seconds)})
    for size in sorted(int(k) for k in sizes):
        name = f"{size:,} components answered from the findings cache in under {CACHED_TARGET:g} s"
        seconds = stage_median(sizes[str(size)], "end_to_end_cached")
        if seconds is not None and size >= LINEAR_FROM:
            targets.append({"target": name, "status": "PASS" if seconds < CACHED_TARGET else "FAIL",
                            "value": seconds, "detail": _fmt_time(seconds)})
    name = f"every stage near-linear: time({_size_label(LINEAR_TO)})/time({_size_label(LINEAR_FROM)}) under {LINEAR_TARGET:g}"
    found = results["ratios"].get(f"{LINEAR_FROM}->{LINEAR_TO}")
    if not found:
        targets.append({"target": name, "status": "SKIP", "detail": f"needs sizes {LINEAR_FROM} and {LINEAR_TO}"})
    else:
        found = {stage: r for stage, r in found.items() if stage not in NOT_LINEAR}
        over = {stage: r for stage, r in found.items() if r >= LINEAR_TARGET}
        worst = max(found, key=found.get)
        if over:
            detail = f"{len(over)} of {len(found)} stages at or over: " + ", ".join(
                f"{stage} {r:.1f}" for stage, r in sorted(over.items(), key=lambda item: -item[1]))
        else:
            detail = f"worst {worst} {found[worst]:.1f}"
        targets.append({"target": name, "status": "FAIL" if over else "PASS", "value": found[worst],
                        "detail": detail})
    name = f"`archlint analyze` within {ANALYZE_RATIO:g}x of the lint, end to end, at {ANALYZE_SIZE:,} components"
    entry = sizes.get(str(ANALYZE_SIZE))
    lint = stage_median(entry, "end_to_end") if entry else None
    analyze = stage_median(entry, "analyze_end_to_end") if entry else None
    if entry is None:
        targets.append({"target": name, "status": "SKIP", "detail": f"size {ANALYZE_SIZE} not run"})
    elif lint is None or analyze is None:
        targets.append({"target": name, "status": "FAIL", "detail": "not measured"})
    else:
        ratio = analyze / lint
        targets.append({"target": name, "status": "PASS" if ratio <= ANALYZE_RATIO else "FAIL", "value": ratio,
                        "detail": f"{ratio:.2f}x ({_fmt_time(analyze)} vs {_fmt_time(lint)})"})
    name = f"the what-if sweep (`archlint analyze --sweep`) at {SWEEP_SIZE:,} components in under {SWEEP_TARGET:g} s"
    sweep, missing = _measured(sizes, SWEEP_SIZE, "sweep_end_to_end")
    if missing:
        targets.append({"target": name, **missing})
    else:
        lint = stage_median(sizes[str(SWEEP_SIZE)], "end_to_end")
        versus = f" ({sweep / lint:.1f}x the lint end to end, {_fmt_time(lint)})" if lint else ""
        targets.append({"target": name, "status": "PASS" if sweep < SWEEP_TARGET else "FAIL", "value": sweep,
                        "detail": _fmt_time(sweep) + versus})
    name = f"peak memory under {MEMORY_TARGET >> 20} MiB at {MEMORY_SIZE:,} components"
    entry = sizes.get(str(MEMORY_SIZE))
    peak = entry.get("peak_rss_bytes") if entry else None
    if entry is None:
        targets.append({"target": name, "status": "SKIP", "detail": f"size {MEMORY_SIZE} not run"})
    elif peak is None:
        targets.append({"target": name, "status": "FAIL", "detail": "not measured"})
    else:
        targets.append({"target": name, "status": "PASS" if peak < MEMORY_TARGET else "FAIL", "value": peak,
                        "detail": _fmt_bytes(peak)})
    return targets


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def render_report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append(f"archlint benchmark  {m['date']}  {m.get('git_commit', '?')[:10]}{' (dirty)' if m.get('git_dirty') else ''}")
    out.append(f"{m['platform']}  Python {m['python']}  {m['cpu_count']} CPUs  {m['cpu_model'] or ''}".rstrip())
    if m.get("load_average"):
        out.append("load average at start: " + " ".join(f"{x:.2f}" for x in m["load_average"]))
    out.append("")

    cold = results.get("cold_start")
    if cold:
        out.append(f"Cold start (fresh processes, interleaved, median of {cold['rounds']})")
        bare = cold["commands"]["python -c pass"].get("median_s")
        base = cold["commands"][cold["baseline"]].get("median_s")
        rows = [["command", "median", "vs python", "vs imports"]]
        for name, entry in cold["commands"].items():
            median = entry.get("median_s")
            rows.append([name, _fmt_time(median) if median else entry.get("error", "-"),
                         f"{median / bare:.2f}x" if median and bare else "-",
                         f"{median / base:.2f}x" if median and base else "-"])
        out.append(_table(rows))
        out.append("")

    sizes = results["sizes"]
    keys = sorted(sizes, key=int)
    pairs = [(int(a), int(b)) for a, b in zip(keys, keys[1:])]
    header = ["stage (median)"] + [f"{int(k):,}" for k in keys] + [f"{_size_label(b)}/{_size_label(a)}" for a, b in pairs]
    rows = [header]
    for stage in stage_order(sizes):
        row = [stage]
        present = False
        for key in keys:
            value = sizes[key].get("stages", {}).get(stage)
            if value is None:
                row.append("-")
            elif "median_s" in value:
                row.append(_fmt_time(value["median_s"]))
                present = True
            elif "skipped" in value:
                row.append("skipped")
            else:
                row.append("error")
                present = True
        for a, b in pairs:
            r = results["ratios"].get(f"{a}->{b}", {}).get(stage)
            row.append(f"{r:.1f}" if r else "-")
        if present:
            rows.append(row)
    rows.append(["peak RSS (end to end)"] + [_fmt_bytes(sizes[k].get("peak_rss_bytes")) for k in keys] + [""] * len(pairs))
    rows.append(["runs (in-process / e2e)"] + [
        f"{sizes[k].get('runs', '-')}/{sizes[k].get('e2e_runs', '-')}" for k in keys] + [""] * len(pairs))
    rows.append(["lines"] + [f"{sizes[k].get('lines', 0):,}" for k in keys] + [""] * len(pairs))
    out.append("Per size (in-process stages in a fresh worker per size; the *end_to_end and render stages are CLI processes)")
    out.append(_table(rows))
    notes = []
    for key in keys:
        for stage, value in sizes[key].get("stages", {}).items():
            if "error" in value:
                notes.append(f"  {int(key):,} {stage}: {value['error']}")
            elif "skipped" in value and stage not in ("render", "sweep_end_to_end"):
                notes.append(f"  {int(key):,} {stage}: skipped ({value['skipped']})")
        if sizes[key].get("error"):
            notes.append(f"  {int(key):,}: {sizes[key]['error']}")
    skipped_render = sorted({v["stages"]["render"]["skipped"] for v in sizes.values()
                             if "skipped" in v.get("stages", {}).get("render", {})})
    for reason in skipped_render:
        notes.append(f"  render skipped: {reason}")
    skipped_sweep = sorted({v["stages"]["sweep_end_to_end"]["skipped"] for v in sizes.values()
                            if "skipped" in v.get("stages", {}).get("sweep_end_to_end", {})})
    for reason in skipped_sweep:
        notes.append(f"  sweep_end_to_end skipped: {reason}")
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(notes)
    out.append("")
    out.append("Targets")
    for target in results["targets"]:
        out.append(f"  {target['status']:<4}  {target['target']}: {target['detail']}")
    return "\n".join(out)


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)
        handle.write("\n")
    os.replace(partial, path)


# --- main ------------------------------------------------------------------------------------
def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "").replace(",", "").strip().lower().replace("k", "000"))
                 for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 100,1000,10k, found `{text}`") from None
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark archlint's stages on generated designs.")
    parser.add_argument("--sizes", type=_sizes, help="component counts, comma-separated (default 100,1000,10000,100000)")
    parser.add_argument("--runs", type=int, help=f"runs per size and stage (default {DEFAULT_RUNS}; fewer when a "
                                                 "size's first run says they would overrun --budget)")
    parser.add_argument("--quick", action="store_true", help=f"a smoke run: sizes {','.join(map(str, QUICK_SIZES))}, "
                                                            f"{QUICK_RUNS} runs (explicit --sizes/--runs win)")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default 0)")
    parser.add_argument("--cold-runs", type=int, help="rounds of the cold-start comparison (default 2 x runs)")
    parser.add_argument("--budget", type=float, default=120.0, metavar="SECONDS",
                        help="time allowed per size for each of in-process, end-to-end and render runs; "
                             "runs are cut to fit, never below 1 (default 120)")
    parser.add_argument("--render-max", type=int, default=1000, metavar="N",
                        help="render only designs of at most N components (default 1000)")
    parser.add_argument("--sweep-max", type=int, default=SWEEP_MAX, metavar="N",
                        help=f"run the what-if sweep only on designs of at most N components (default {SWEEP_MAX:,})")
    parser.add_argument("--timeout", type=float, default=1800.0, metavar="SECONDS",
                        help="kill any one child process after this long (default 1800)")
    parser.add_argument("--json-out", type=Path, default=DEFAULT_JSON, help=f"where to write the JSON (default {DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where generated designs are kept")
    parser.add_argument("--worker", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.worker:
        return args
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else DEFAULT_RUNS
    if args.cold_runs is None:
        args.cold_runs = 2 * args.runs
    minimum = _load_generator().MIN_COMPONENTS
    for size in args.sizes:
        if size < minimum:
            parser.error(f"a generated design has at least {minimum} components, asked for {size}")
    args.sizes = sorted(set(args.sizes))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return _worker(args.worker, args.runs or DEFAULT_RUNS, args.budget, args.worker_out)

    results: dict = {
        "schema": SCHEMA_VERSION,
        "machine": machine_info(),
        "config": {"sizes": args.sizes, "runs": args.runs, "cold_runs": args.cold_runs, "seed": args.seed,
                   "budget_s": args.budget, "render_max": args.render_max,
                   "sweep_max": args.sweep_max, "cli": archlint_command()},
        "sizes": {},
        "ratios": {},
    }
    _log(f"cold start: {args.cold_runs} interleaved rounds")
    results["cold_start"] = cold_start(args.cold_runs, args.timeout)
    render_missing = render_available(args.timeout)

    for size in args.sizes:
        _log(f"size {size:,}")
        file = design_file(size, args.seed, args.cache_dir)
        with open(file, "rb") as handle:
            data = handle.read()
        entry: dict = {"components": size, "file": str(file), "bytes": len(data), "lines": data.count(b"\n") + 1}
        _log("  in-process stages (fresh worker)")
        worker = in_process(file, args.runs, args.budget, args.timeout)
        stages = dict(worker.get("stages", {}))
        for stage, error in worker.get("errors", {}).items():
            stages.setdefault(stage, {"error": error})
        if worker.get("error"):
            entry["error"] = f"worker: {worker['error']}"
        entry["runs"] = worker.get("runs")
        entry["worker_max_rss_bytes"] = worker.get("worker_max_rss_bytes")
        entry["info"] = worker.get("info", {})

        _log("  end to end (CLI)")
        e2e = repeated([*archlint_command(), "--isolated", "--no-cache", "--output-format", "json", str(file)],
                       args.runs, args.budget, args.timeout)
        if "error" in e2e:
            stages["end_to_end"] = {"error": e2e["error"]}
        else:
            stages["end_to_end"] = {"median_s": e2e["median_s"], "runs_s": e2e["runs_s"]}
            entry["peak_rss_bytes"] = e2e["max_rss_bytes"]
            entry["e2e_exit_code"] = e2e["exit_code"]
            entry["e2e_runs"] = len(e2e["runs_s"])
        entry["e2e_argv"] = e2e["argv"]

        _log("  analyze end to end (CLI)")
        analyzed = repeated([*archlint_command(), "analyze", str(file)], args.runs, args.budget, args.timeout,
                            ok_codes=(0,))
        stages["analyze_end_to_end"] = ({"error": analyzed["error"]} if "error" in analyzed
                                        else {"median_s": analyzed["median_s"], "runs_s": analyzed["runs_s"]})

        if size > args.sweep_max:
            stages["sweep_end_to_end"] = {"skipped": f"over --sweep-max {args.sweep_max:,} components"}
        else:
            _log("  the what-if sweep end to end (CLI)")
            swept = repeated([*archlint_command(), "analyze", "--sweep", str(file)], args.runs, args.budget,
                             args.timeout, ok_codes=(0,))
            stages["sweep_end_to_end"] = ({"error": swept["error"]} if "error" in swept
                                          else {"median_s": swept["median_s"], "runs_s": swept["runs_s"]})

        _log("  end to end, answered from the findings cache (CLI)")
        cached_argv = [*archlint_command(), "--isolated", "--output-format", "json", str(file)]
        filled = run_child(cached_argv, args.timeout)  # fills the cache; not counted
        cached = {"error": filled.problem()} if filled.problem() else repeated(cached_argv, args.runs, args.budget,
                                                                                 args.timeout)
        stages["end_to_end_cached"] = ({"error": cached["error"]} if "error" in cached
                                       else {"median_s": cached["median_s"], "runs_s": cached["runs_s"]})
        # What a pre-commit hook runs on an unchanged design: the default format, every finding
        # with its code frame (the cache filled above holds the findings, whatever the format).
        if "error" not in cached:
            hook = repeated([*archlint_command(), "--isolated", str(file)], args.runs, args.budget, args.timeout)
            stages["end_to_end_cached_full"] = ({"error": hook["error"]} if "error" in hook
                                                else {"median_s": hook["median_s"], "runs_s": hook["runs_s"]})

        if render_missing:
            stages["render"] = {"skipped": render_missing}
        elif size > args.render_max:
            stages["render"] = {"skipped": f"over --render-max {args.render_max:,} components"}
        else:
            _log("  render (CLI)")
            with tempfile.TemporaryDirectory() as scratch:
                svg = os.path.join(scratch, "design.svg")
                drawn = repeated([*archlint_command(), "render", "--isolated", str(file), "-o", svg],
                                 args.runs, args.budget, args.timeout, ok_codes=(0,))
            if "error" in drawn:
                stages["render"] = {"error": drawn["error"]}
            else:
                stages["render"] = {"median_s": drawn["median_s"], "runs_s": drawn["runs_s"]}
        entry["stages"] = stages
        results["sizes"][str(size)] = entry

    keys = sorted(int(k) for k in results["sizes"])
    pairs = list(zip(keys, keys[1:]))
    if LINEAR_FROM in keys and LINEAR_TO in keys:
        pairs.append((LINEAR_FROM, LINEAR_TO))  # the judged pair, even with sizes between
    for low, high in pairs:
        results["ratios"][f"{low}->{high}"] = ratios(results["sizes"], low, high)
    results["targets"] = judge(results)
    print(render_report(results))
    write_json(results, args.json_out)
    _log(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
