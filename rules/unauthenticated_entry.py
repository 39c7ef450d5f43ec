"""A way in from a client or outside system that reaches an application with no authentication.

## Why is this bad?
Whatever the internet can reach, it will call: scanners within minutes, then whoever finds the
data or the actions behind it worth taking. An entry point with no authentication hands every
caller whatever the service can do, unless each endpoint checks for itself, which is where
checks are forgotten. Authenticate at the edge (a gateway or load balancer that validates
tokens), at the service, or both, and write it down so the review can see it.

The rule follows each way in (as the design draws it): an edge from a `client` or `external`,
through the traffic tier (`dns`, `cdn`, `lb`, `gateway`) over required calls, to the first
`service`, `function` or `worker`. A way in is authenticated when an edge or a component on it
states `auth` other than `none`. The rule fires, on the application component, when a way in:
- states `auth=none` (on an edge or a component of it) and nothing on it states another `auth`;
- or states no `auth` at all, while other ways in to the design do: the author models
  authentication, and this one is missing.

It never fires on a design that states no `auth` anywhere: silence is not evidence.

## Anti-pattern
```arch
client browser "Browsers"
client partner "Partner systems"
gateway gw "API gateway" [managed=true, auth=oauth]
service api "Public API" [replicas=3, zones=3]
service admin "Admin API" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> gw -> api [proto=https, tls=true]
partner -> admin [proto=https, tls=true]
gw, api, admin ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
client partner "Partner systems"
gateway gw "API gateway" [managed=true, auth=oauth]
service api "Public API" [replicas=3, zones=3]
service admin "Admin API" [replicas=2, zones=2, auth=mtls]
observability metrics "Prometheus" [managed=true]

browser -> gw -> api [proto=https, tls=true]
partner -> admin [proto=https, tls=true, auth=mtls]
gw, api, admin ~> metrics [signal=metrics]
```

## False positives
A deliberately public endpoint (a landing page, a public read-only API) is unauthenticated by
design: suppress on the component with the reason, and check that it is rate limited
(`unlimited-entry`). Authentication done where the design does not draw it (a service mesh, a
sidecar) is authentication: state it on the edge (`auth=mtls`).

## Options
None.

## References
- OWASP API Security Top 10 (2023), API2 "Broken Authentication" and API5 "Broken Function
  Level Authorization"
- OWASP ASVS 4.0, V1.2 "Authentication Architecture" and V4.1 "General Access Control Design"
- AWS Well-Architected Framework, Security pillar, SEC03 ("Manage permissions"): authenticate
  every entry point
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Edge, EntryPath, EntryWay, Finding, Severity, cite, format_path

CODE = "SEC002"
NAME = "unauthenticated-entry"
CATEGORY = "security"
DEFAULT_SEVERITY = Severity.ERROR


@dataclass
class _Auth:
    """What elements of a way in state: `auth` values other than `none` (cited), and the
    `auth=none`s, each in the order of the way (its edges, then its components)."""

    stated_edges: list[str]
    none_edges: list[str]
    stated_components: list[str]
    none_components: list[str]

    def stated(self) -> list[str]:
        return self.stated_edges + self.stated_components

    def none(self) -> list[str]:
        return self.none_edges + self.none_components


def _sort(elements, stated: list[str], none: list[str]) -> None:
    for element, where in elements:
        written = element.as_written.get("auth")  # its value only: not moved to its line
        if written is not None:
            (none if written.value == "none" else stated).append(f"{cite(element, 'auth')} on `{where}`")


def _judge(design: Design, edges: tuple[Edge, ...], components: list[str]) -> _Auth:
    auth = _Auth([], [], [], [])
    _sort(((e, e.element_id) for e in edges), auth.stated_edges, auth.none_edges)
    _sort(((design.components[c], c) for c in components), auth.stated_components, auth.none_components)
    return auth


@dataclass
class _Door:
    """A front door's ways on, judged once whoever enters through it: how many state `auth` and
    the first one's evidence, and those still to report: all that do not state it, and those
    among them that say `auth=none` themselves (they fire for any caller)."""

    onward: list[tuple[tuple[Edge, ...], _Auth]]
    stated: int
    first: str | None
    pending: list[int]
    pending_none: list[int]


def _door(design: Design, way: EntryWay) -> _Door:
    judged = [(tail, _judge(design, tail, [way.front_door, *(e.target for e in tail)])) for tail in way.onward]
    stated = [auth.stated()[0] for _, auth in judged if auth.stated()]
    unstated = [i for i, (_, auth) in enumerate(judged) if not auth.stated()]
    return _Door(judged, len(stated), stated[0] if stated else None, unstated,
                 [i for i in unstated if judged[i][1].none()])


def _authenticated(ways: list[EntryWay], entry: list[_Auth], doors: dict[str, _Door]) -> tuple[int, str | None]:
    """How many ways in (entry edge and application) state `auth`, and the first one's evidence,
    counted per entry edge without spelling each path out."""
    count, first = 0, None
    for way, own in zip(ways, entry):
        door = doors[way.front_door]
        if own.stated_edges:  # the entry edge states it: every way on through it does
            count += len(way.onward)
            first = first or (own.stated_edges[0] if way.onward else None)
        else:
            count += door.stated
            first = first or door.first
    return count, first


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    ways = graph.entry_ways()
    entry = [_judge(design, (way.edge,), []) for way in ways]
    doors: dict[str, _Door] = {}
    for way in ways:
        if way.front_door not in doors:
            doors[way.front_door] = _door(design, way)
    authenticated, first = _authenticated(ways, entry, doors)
    reported: set[str] = set()
    for way, own in zip(ways, entry):
        if own.stated_edges:
            continue  # authenticated on its first hop, whatever follows
        door = doors[way.front_door]
        # Every unreported way on fires when this edge says `auth=none` or other ways state auth;
        # otherwise only those that say `auth=none` themselves. Each list is walked once.
        if own.none_edges or authenticated:
            candidates, door.pending, door.pending_none = door.pending, [], []
        else:
            candidates, door.pending_none = door.pending_none, []
        for position in candidates:
            tail, auth = door.onward[position]
            path = EntryPath((way.edge, *tail))
            app = path.application
            if app in reported:
                continue
            reported.add(app)
            none = own.none_edges + auth.none_edges + auth.none_components
            if none:
                why = ", ".join(none)
            else:
                why = (f"no `auth` on the way, while {authenticated} other way{'s' if authenticated > 1 else ''} in "
                       f"state{'s' if authenticated == 1 else ''} it ({first})")
            component = design.components[app]
            yield Finding(
                message=(f"requests from `{path.caller}` reach {component.kind} `{app}` unauthenticated "
                         f"({format_path(path.components)}: {why})"),
                location=component.location,
                element=app,
                help=f"authenticate callers at `{app}` or at a gateway in front of it, and state it: `auth=token`",
            )
