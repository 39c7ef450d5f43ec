"""A design, or an application component in it, whose behaviour nobody would see in production.

## Why is this bad?
What is not measured is debugged from guesses: without metrics there is no alert before the
users notice, without logs no record of what failed, without traces no way to tell which hop
made a request slow. A design review asks where the telemetry goes, and of each service
whether it sends any.

The rule reads the edges (`->` or `~>`) from application components into components of kind
`observability` (aliases `metrics`, `logging`, `tracing`). It reports, in turn:
- a design with application components and no observability component;
- a design whose observability components receive nothing from any application component;
- at level `component`, each application component that sends no telemetry while others do;
- at level `signal`, each application component whose telemetry edges miss a required signal
  (an edge without `signal` carries all three).

## Anti-pattern
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
worker mailer "Mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> api
api ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
worker mailer "Mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> api
api, mailer ~> metrics [signal=metrics]
```

## False positives
Telemetry collected where the design does not draw it (an agent on every host, a service
mesh that exports metrics for each sidecar) is telemetry: draw the edge to where it goes, or
keep the observability part in an included file and lint the file that includes it.

## Options
- `level` (`"design"`, `"component"` or `"signal"`, default `"component"`): `design` only asks
  that telemetry go somewhere; `component` also asks it of every application component;
  `signal` also asks every application component for each of `signals`.
- `kinds` (list of kinds, default `["service", "worker", "function", "gateway"]`): the
  application kinds that must send telemetry. Aliases (`app`, `lambda`, ...) are accepted.
- `signals` (list of `metrics`, `logs`, `traces`, default all three): the signals required of
  each application component at level `signal`.

## References
- Google SRE Book, chapter 6, "Monitoring Distributed Systems" (the four golden signals)
- OpenTelemetry documentation, "Observability primer" (metrics, logs and traces)
- AWS Well-Architected Framework, Operational Excellence pillar: "Implement observability"
"""

from __future__ import annotations

from typing import Iterator, Literal

from archlint.rule_api import KIND_ALIASES, SIGNALS, Design, DesignGraph, Finding, DeclaredOptions, Severity, option

CODE = "O001"
NAME = "missing-observability"
CATEGORY = "observability"
DEFAULT_SEVERITY = Severity.WARNING

Signal = Literal["metrics", "logs", "traces"]


def _known_kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [k for k in kinds if k not in KIND_ALIASES]
    if unknown:
        raise ValueError(f"unknown kind `{unknown[0]}`; kinds are " + ", ".join(sorted(set(KIND_ALIASES.values()))))
    return tuple(KIND_ALIASES[k] for k in kinds)


class Options(DeclaredOptions):
    level: Literal["design", "component", "signal"] = option(
        "component", "design: telemetry goes somewhere; component: from every app; signal: every signal")
    kinds: tuple[str, ...] = option(("service", "worker", "function", "gateway"),
                                    "the application kinds that must send telemetry", check=_known_kinds)
    signals: tuple[Signal, ...] = option(SIGNALS, "the signals required at level `signal`")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    apps = [c for c in design.components.values() if c.kind in options.kinds]
    if not apps:
        return
    sinks = design.components_of_kind("observability")
    if not sinks:
        yield Finding(
            message=(f"no observability component: telemetry from {_plural(len(apps), 'application component')} "
                     "has nowhere to go"),
            location=design.design_location(),
            help="add where telemetry goes (`observability metrics \"Prometheus\"`) and the edges into it",
        )
        return
    telemetry = graph.telemetry_targets()
    senders = [c for c in apps if c.id in telemetry]
    if not senders:
        names = ", ".join(f"`{c.id}`" for c in sinks)
        yield Finding(
            message=f"no application component sends telemetry to observability {names}",
            location=design.design_location(),
            help=f"draw what each component sends: `api ~> {sinks[0].id} [signal=metrics]`",
        )
        return
    if options.level == "design":
        return
    for component in apps:
        edges = telemetry.get(component.id)
        if edges is None:
            yield Finding(
                message=(f"{component.kind} `{component.id}` sends no telemetry, while {len(senders)} of "
                         f"{_plural(len(apps), 'application component')} do"),
                location=component.location,
                element=component.id,
                help=f"draw what it sends: `{component.id} ~> {sinks[0].id} [signal=metrics]`",
            )
        elif options.level == "signal":
            sent = {s for e in edges for s in (e.signal or SIGNALS)}
            missing = [s for s in options.signals if s not in sent]
            if not missing:
                continue
            written = [e.written("signal") for e in edges]
            cited = ", ".join(f"`signal={a.text}`" for a in written)
            yield Finding(
                message=f"{component.kind} `{component.id}` sends no {' or '.join(missing)} ({cited})",
                location=written[0].value_location if len(written) == 1 else component.location,
                element=component.id,
                help=f"send {', '.join(missing)} too: add them to `signal`, or an edge for them",
            )
