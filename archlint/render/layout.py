"""Laying out DOT with Graphviz: find an engine, refuse what would take forever, run it with a
time limit.

Two backends, tried in this order:
- `system`: Graphviz's own `dot` program on PATH (the fastest);
- `pygraphviz`: pygraphviz 2.x wheels bundle the Graphviz libraries, so `pip install` alone is
  enough. It runs in a child Python process, so that a layout that runs away can be stopped.
Both read DOT on stdin and write the drawing on stdout, and both honour the DOT's `layout`
attribute, which names the engine (dot, sfdp, neato).

`ARCHLINT_LAYOUT_ENGINES` limits the backends tried: a comma-separated list of `system` and
`pygraphviz`, or `none` (for tests, and to pin one backend on a machine that has both).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

from ..model import Design

BACKENDS = ("system", "pygraphviz")
ENV = "ARCHLINT_LAYOUT_ENGINES"
# Per format, on the command line rather than in the DOT (so the stamp is the same for all):
# PNGs at 144 dpi, sharp on high-density screens, but at most 60 inches (8,640 pixels) a side,
# scaled down past that: a bigger bitmap takes cairo many seconds and no viewer shows it.
FORMAT_ARGS = {"png": ("-Gdpi=144", "-Gsize=60,60")}
DEFAULT_TIMEOUT = 60.0
# PERFORMANCE.md: `dot` with clusters takes 0.5 s for 1k nodes, 2.7 s for 2k and over five
# minutes for 5k. Measured here on generated designs, with pygraphviz: compact, 1,000
# components 6 s, 1,500 14 s; 1,000 components with no groups 14 s; drawn in full (edge labels,
# telemetry edges) 500 components take 7 s, 45 s with no groups. Past these, refuse at once.
DOT_LIMIT = 1500  # components, compact view
DOT_FLAT_LIMIT = 1000  # components side by side in one container (the top level or one group)
DOT_FULL_LIMIT = 400  # components, drawn in full
NEATO_LIMIT = 1000  # neato: 500 components 3.4 s, 1,500 33 s. sfdp: 5,000 in 11 s, no limit.
ANNOUNCE = 500  # say what is happening before a layout this big

NO_ENGINE = (
    "no Graphviz layout engine found: install pygraphviz, whose wheels bundle Graphviz "
    "(`pip install pygraphviz`, or `pip install 'archlint[layout]'`), or install Graphviz so that "
    "`dot` is on PATH (`apt install graphviz`, `brew install graphviz`, `choco install graphviz`). "
    "DOT output (`-o FILE.dot`) needs neither."
)

_WORKER = """\
import sys
if sys.path and sys.path[0] in ("", "."):
    del sys.path[0]
try:
    import pygraphviz
except Exception as error:
    sys.stderr.write(f"cannot import pygraphviz: {type(error).__name__}: {error}")
    sys.exit(3)
fmt, prog, args = sys.argv[1], sys.argv[2], " ".join(sys.argv[3:])
try:
    graph = pygraphviz.AGraph(string=sys.stdin.buffer.read().decode("utf-8"))
    drawing = graph.draw(format=fmt, prog=prog, args=args)
except Exception as error:  # Graphviz's words, not this worker's traceback
    sys.stderr.write(f"{error}")
    sys.exit(4)
sys.stdout.buffer.write(drawing)
"""


class LayoutError(Exception):
    """Layout is impossible or failed; the message says what to do."""


@dataclass(frozen=True)
class Backend:
    name: str  # "system" or "pygraphviz"
    where: str  # the `dot` program, or the Python that runs pygraphviz

    def command(self, fmt: str, engine: str) -> list[str]:
        args = FORMAT_ARGS.get(fmt, ())
        if self.name == "system":
            return [self.where, f"-K{engine}", f"-T{fmt}", *args]
        return [self.where, "-c", _WORKER, fmt, engine, *args]

    def describe(self) -> str:
        return f"Graphviz `{self.where}`" if self.name == "system" else "pygraphviz"


def allowed_backends() -> tuple[str, ...]:
    value = os.environ.get(ENV, "").strip().lower()
    if not value:
        return BACKENDS
    if value == "none":
        return ()
    wanted = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in wanted if part not in BACKENDS]
    if unknown:
        raise LayoutError(f"{ENV}: unknown backend `{unknown[0]}`; use {', '.join(BACKENDS)} or none")
    return wanted


def find_backend() -> Backend | None:
    """The first backend that is there: a system `dot`, else pygraphviz."""
    for backend in allowed_backends():
        if backend == "system":
            program = shutil.which("dot")
            if program:
                return Backend("system", program)
        elif backend == "pygraphviz" and _installed("pygraphviz"):
            return Backend("pygraphviz", sys.executable)
    return None


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # blocked, or a broken half-import
        return False


def check_size(design: Design, engine: str, compact: bool) -> None:
    """Refuse, at once, a layout that would run for minutes."""
    total = len(design.components)
    instead = "use `--engine sfdp` (fast, draws no groups) or write DOT (`-o FILE.dot`)"
    if engine == "neato" and total > NEATO_LIMIT:
        raise LayoutError(f"{total:,} components are too many for the `neato` engine (it takes minutes past "
                          f"about {NEATO_LIMIT:,}); {instead}")
    if engine != "dot":
        return
    if not compact and total > DOT_FULL_LIMIT:
        raise LayoutError(
            f"{total:,} components are too many to draw in full with the `dot` engine (it takes minutes "
            f"past about {DOT_FULL_LIMIT:,}); leave out `--detail full` for the compact view, or {instead}"
        )
    if total > DOT_LIMIT:
        raise LayoutError(
            f"{total:,} components are too many for the `dot` engine (it is fine to about {DOT_LIMIT:,} "
            f"and takes minutes beyond); {instead}"
        )
    crowd: dict[str, int] = {}
    for component in design.components.values():
        crowd[component.group or ""] = crowd.get(component.group or "", 0) + 1
    holder, most = max(crowd.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
    if most > DOT_FLAT_LIMIT:
        where = "at the top level" if not holder else f"directly in group `{holder}`"
        raise LayoutError(
            f"{most:,} components {where} are too many for the `dot` engine to order (it takes minutes "
            f"past about {DOT_FLAT_LIMIT:,} side by side); put them in regions, zones or groups, or {instead}"
        )


def lay_out(dot: str, fmt: str, engine: str, *, timeout: float = DEFAULT_TIMEOUT, components: int = 0) -> bytes:
    """The drawing of `dot` in `fmt` (svg, png, pdf), by the first backend found."""
    backend = find_backend()
    if backend is None:
        raise LayoutError(NO_ENGINE)
    if components >= ANNOUNCE:
        sys.stderr.write(f"archlint: laying out {components:,} components with {engine} "
                         f"({backend.describe()}, at most {timeout:g} s)\n")
        sys.stderr.flush()
    try:
        done = subprocess.run(backend.command(fmt, engine), input=dot.encode("utf-8"), capture_output=True,
                              timeout=timeout, env=_environment())
    except subprocess.TimeoutExpired:
        other = "" if engine == "sfdp" else "`--engine sfdp`, "
        raise LayoutError(
            f"the {engine} layout did not finish in {timeout:g} s and was stopped; try {other}"
            f"a longer `--timeout`, or DOT output (`-o FILE.dot`)"
        ) from None
    except OSError as error:
        raise LayoutError(f"cannot run {backend.describe()}: {error}") from None
    if done.returncode != 0 or not done.stdout:
        detail = _errors(done.stderr) or f"exit status {done.returncode}"
        if backend.name == "pygraphviz" and done.returncode == 3:
            raise LayoutError(f"{detail}; {NO_ENGINE}")
        raise LayoutError(f"{backend.describe()} failed to lay out the design: {detail}")
    return done.stdout


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "0")  # cairo's PDF creation date, where it honours this
    return env


def _errors(stderr: bytes) -> str:
    """What the layout process said, without noise: no Fontconfig chatter, and no Python
    traceback (a worker that died some other way) in a message meant for a person."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        lines = [line for line in lines[-1:]]  # the exception's own line
    return "; ".join(line.strip() for line in lines if line.strip() and not line.startswith("Fontconfig"))[:1000]
