#!/usr/bin/env python3
"""The fuzz campaign: valid designs from bench/generate.py, mutated at the token and the byte
level, each linted and reported in every format, and held to the oracles.

    python bench/fuzz.py --inputs 20000 --seed 1            # the long campaign (about an hour)
    python bench/fuzz.py --inputs 300 --seed 7 --quiet      # a short slice (the test suite runs one)

Oracles, for every input:
- no exception escapes the linter or a reporter, and no rule fails (`rule ... failed` errors);
- no input takes more than `--time-limit` seconds of CPU (a SIGPROF stops it and it is counted:
  CPU time, not wall time, so a busy machine does not make inputs look slow);
- every finding points inside the file: 1 <= line <= lines + 1, column >= 1, end after start;
- every format is well-formed: json and each json-lines line parse, SARIF validates against the
  SARIF 2.1.0 schema (../shared/schemas, when jsonschema is installed), JUnit is XML, the github
  format is one workflow command per line;
- the human formats (full, concise) hold no raw control character (`escape.has_unsafe`);
- every design that loads is drawn: its DOT is built without an exception, braces balanced;
- `archlint format` either refuses with a reason (the text does not parse, or the layout would
  change it: counted by reason under `format`) or writes a text that formatting again
  leaves unchanged.

Each failing input is written to `--out` (default bench/.cache/fuzz/) with the oracle it broke,
so it can be replayed with `archlint FILE`. The summary (inputs, failures by oracle and exception
type, the slowest input) goes to stdout, and as JSON with `--json-out`. Exit code 1 when any
oracle broke. Standard library only, plus archlint and (optionally) jsonschema; POSIX (SIGPROF).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "junit")

# Tokens worth planting: the language's punctuation and keywords, and the characters that broke
# parsers, terminals and JSON readers before.
INTERESTING = [
    "{", "}", "[", "]", "(", ")", ",", "=", "->", "~>", "<->", '"', "'", "#", "\\", "\n", " ", "\t",
    "include", 'include "part.arch"', 'include "missing.arch"', 'include "../../etc/passwd"',
    'include "a\\u0000b"', 'include "\\ud800"', "region", "zone", "group", "service", "database", "lb", "client",
    "queue", "cache", "title", "slo", "replicas=", "zones=", "mode=", "optional", "[replicas=2, zones=2]",
    "# archlint: ignore[single-point-of-failure] -- fuzz", "# archlint: ignore-file[R001] -- fuzz",
    "# archlint: ignore[nope]", "9" * 5000, "1e308", "-0", "99%", "10ms", "1k/s", "0x1F",
    "\x1b[2J", "\x08", "\x07", "\r", "\u2028", "\u2029", "\u202e", "\ufeff", "\x00", "\x7f", "\x9b",
    "é", "日本", "\U0001f600", '"' + "\\\"" * 200, "x" * 3000, "::error ::injected",
]
TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][\w.-]*|\d[\w.%/]*|->|~>|<->|#[^\n]*|\s+|.', re.S)


def _generate(components: int, seed: int) -> str:
    spec = importlib.util.spec_from_file_location("archlint_bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(components, seed)


# --- mutations ----------------------------------------------------------------------------
def mutate_tokens(text: str, rng: random.Random) -> str:
    tokens = TOKEN.findall(text)
    for _ in range(rng.randint(1, 8)):
        if not tokens:
            tokens = [rng.choice(INTERESTING)]
        i = rng.randrange(len(tokens))
        action = rng.randrange(6)
        if action == 0:
            del tokens[i]
        elif action == 1:
            tokens.insert(i, tokens[i] * rng.choice((2, 3, 50)))
        elif action == 2:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif action == 3:
            tokens[i] = rng.choice(INTERESTING)
        elif action == 4:
            tokens.insert(i, rng.choice(INTERESTING))
        else:  # a slice of the design repeated: deep nesting, long runs
            j = min(len(tokens), i + rng.randint(1, 12))
            tokens[i:i] = tokens[i:j] * rng.choice((2, 10, 200))
    return "".join(tokens)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not data:
            data = bytearray(b"\xff")
        i = rng.randrange(len(data))
        action = rng.randrange(5)
        if action == 0:
            data[i] ^= 1 << rng.randrange(8)
        elif action == 1:
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif action == 2:
            del data[i:i + rng.randint(1, 64)]
        elif action == 3:
            data[i:i] = rng.choice([b"\xef\xbb\xbf", b"\r", b"\r\n", b"\x00", b"\xc0\x80", b"\xed\xa0\x80", b"\x1b[31m"])
        else:
            j = min(len(data), i + rng.randint(1, 40))
            data[i:i] = data[i:j] * rng.choice((2, 20))
    return bytes(data)


# --- oracles ------------------------------------------------------------------------------
class Oracle(Exception):
    """An oracle broke; the message says which and how."""


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow()


def _sarif_validator():
    try:
        import jsonschema
    except ImportError:
        return None
    if not SCHEMA.is_file():
        return None
    return jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def check(path: str, data: bytes, validator) -> None:
    """Lint the file at `path` (holding `data`) and report it in every format; raise on a broken oracle."""
    from archlint.escape import has_unsafe
    from archlint.linter import Linter
    from archlint.reporters import ReportContext, reporter

    linter = Linter(isolated=True)
    result = linter.lint_paths([path])
    broken = [error for error in result.errors if " failed on " in error or "internal error" in error]
    if broken:
        raise Oracle(f"rule-failure: {broken[0][:300]}")
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for finding in result.findings:
        loc = finding.location
        if loc.file != path:
            continue
        if not (1 <= loc.line <= lines + 1 and loc.column >= 1 and (loc.end_line, loc.end_column) >= (loc.line, 0)):
            raise Oracle(f"location-outside: {finding.code} at {loc.line}:{loc.column}-{loc.end_line}:{loc.end_column} "
                         f"in {lines} lines")
    _check_drawing(result)
    _check_format(data)
    catalog, selection = linter.selection_for(linter.settings_for(path))
    context = ReportContext(catalog=catalog, enabled=frozenset(selection.enabled))
    for fmt in FORMATS:
        out = io.StringIO()
        reporter(fmt).report(result, out, color=False, context=context)
        text = out.getvalue()
        text.encode("utf-8")  # strict: what a UTF-8 stdout must carry
        if fmt == "json":
            json.loads(text)
        elif fmt == "json-lines":
            for line in text.split("\n"):
                if line:
                    json.loads(line)
            if "\u2028" in text or "\u2029" in text:
                raise Oracle("json-lines-separator: a raw U+2028/U+2029")
        elif fmt == "sarif":
            document = json.loads(text)
            if validator is not None:
                error = next(iter(validator.iter_errors(document)), None)
                if error is not None:
                    raise Oracle(f"sarif-invalid: {error.message[:200]}")
        elif fmt == "junit":
            ET.fromstring(text.encode("utf-8"))
        elif fmt == "github":
            if any(line and not line.startswith("::") for line in text.split("\n")):
                raise Oracle("github-stray-line: a line that is not a workflow command")
        elif has_unsafe(text):
            raise Oracle(f"raw-control-character: in the {fmt} format")


def _check_drawing(result) -> None:
    """Every design that loaded is drawn (its DOT source built) without an exception, and the
    DOT's braces balance."""
    from archlint.render.dot import build

    for design in result.designs:
        dot = build(design, result.findings)
        if dot.count("{") - dot.count("}") != _quoted_braces(dot):
            raise Oracle("dot-unbalanced: the DOT's braces do not balance")


def _quoted_braces(dot: str) -> int:
    """`{` minus `}` inside quoted strings and HTML labels, which do not open blocks."""
    inside = re.findall(r'"(?:[^"\\]|\\.)*"|<<.*?>>', dot, re.S)
    return sum(part.count("{") - part.count("}") for part in inside)


def _check_format(data: bytes) -> None:
    """`archlint format` refuses only with a reason (NotParsed, Unsafe), and what it writes is
    already in its layout: formatting it again changes nothing."""
    from archlint.format import NotParsed, Unsafe, format_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        FORMAT_OUTCOMES["not UTF-8"] += 1
        return
    try:
        formatted = format_text(text, "fuzz.arch")
    except NotParsed:
        FORMAT_OUTCOMES["does not parse"] += 1
        return
    except Unsafe as refused:
        FORMAT_OUTCOMES["refused: " + str(refused).split(";")[0].split(": ", 1)[-1]] += 1
        return
    FORMAT_OUTCOMES["formatted"] += 1
    if format_text(formatted, "fuzz.arch") != formatted:
        raise Oracle("format-unstable: formatting the formatted text changes it again")


FORMAT_OUTCOMES: Counter[str] = Counter()  # what the formatter made of the inputs


# --- the campaign -------------------------------------------------------------------------
def campaign(inputs: int, seed: int, time_limit: float, out: Path | None, quiet: bool = False) -> dict:
    rng = random.Random(seed)
    seeds = [_generate(size, seed + size) for size in (20, 40, 80)]
    validator = _sarif_validator()
    failures: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    examples: dict[str, str] = {}
    slowest = (0.0, "")
    started = time.perf_counter()
    previous = signal.signal(signal.SIGPROF, _alarm)
    with tempfile.TemporaryDirectory(prefix="archlint-fuzz-") as work:
        (Path(work) / "part.arch").write_text("service shared [replicas=2, zones=2]\n", encoding="utf-8")
        path = os.path.join(work, "fuzz.arch")
        Path(path).write_text(seeds[0], encoding="utf-8")
        check(path, seeds[0].encode("utf-8"), validator)  # imports and caches: not an input's time
        FORMAT_OUTCOMES.clear()
        for number in range(inputs):
            base = rng.choice(seeds)
            if rng.random() < 0.5:
                data = mutate_tokens(base, rng).encode("utf-8", "surrogatepass")
            else:
                data = mutate_bytes(base.encode("utf-8"), rng)
            with open(path, "wb") as handle:
                handle.write(data)
            kind = None
            begin = time.process_time()
            signal.setitimer(signal.ITIMER_PROF, time_limit)
            try:
                check(path, data, validator)
            except Slow:
                kind = "slow"
            except Oracle as broken:
                kind = str(broken).split(":", 1)[0]
                examples.setdefault(kind, str(broken))
            except Exception as error:  # noqa: BLE001 - an exception is what the campaign looks for
                kind = "exception"
                name = type(error).__name__
                exceptions[name] += 1
                examples.setdefault(f"exception {name}", "".join(traceback.format_exception_only(error)).strip()[:300])
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            elapsed = time.process_time() - begin
            if elapsed > slowest[0]:
                slowest = (elapsed, f"input {number} ({len(data):,} bytes)")
            if kind is not None:
                failures[kind] += 1
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    (out / f"s{seed}-{number}-{kind}.arch").write_bytes(data)
            if not quiet and (number + 1) % 500 == 0:
                sys.stderr.write(f"fuzz: {number + 1:,} inputs, {sum(failures.values())} failing\n")
    signal.signal(signal.SIGPROF, previous)
    return {
        "inputs": inputs,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "failures": dict(failures),
        "exceptions": dict(exceptions),
        "examples": examples,
        "slowest_cpu_s": round(slowest[0], 3),
        "slowest": slowest[1],
        "sarif_validated": validator is not None,
        "format": dict(FORMAT_OUTCOMES),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000, help="how many mutated inputs (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=5.0, help="CPU seconds allowed per input (default 5)")
    parser.add_argument("--out", type=Path, default=BENCH / ".cache" / "fuzz", help="where failing inputs go")
    parser.add_argument("--json-out", type=Path, help="write the summary here as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    summary = campaign(args.inputs, args.seed, args.time_limit, args.out, args.quiet)
    print(json.dumps(summary, indent=2, ensure_ascii=True))
    if args.json_out:
        args.json_out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
