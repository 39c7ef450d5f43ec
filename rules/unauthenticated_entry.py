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

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, EntryPath, Finding, Severity, cite, format_path

CODE = "SEC002"
NAME = "unauthenticated-entry"
CATEGORY = "security"
DEFAULT_SEVERITY = Severity.ERROR


def _auth(path: EntryPath, design: Design) -> tuple[list[str], list[str]]:
    """What the way in states: `auth` values other than `none` (cited), and the `auth=none`s."""
    stated, none = [], []
    elements = [(e, e.element_id) for e in path.edges] + [(design.components[c], c) for c in path.components[1:]]
    for element, where in elements:
        written = element.written("auth")
        if written is None:
            continue
        (none if written.value == "none" else stated).append(f"{cite(element, 'auth')} on `{where}`")
    return stated, none


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    paths = graph.entry_paths()
    judged = [(path, *_auth(path, design)) for path in paths]
    authenticated = [stated for _, stated, _ in judged if stated]
    reported = set()
    for path, stated, none in judged:
        app = path.application
        if stated or app in reported:
            continue
        if none:
            why = ", ".join(none)
        elif authenticated:
            others = len(authenticated)
            why = (f"no `auth` on the way, while {others} other way{'s' if others > 1 else ''} in "
                   f"state{'s' if others == 1 else ''} it ({authenticated[0][0]})")
        else:
            continue
        reported.add(app)
        component = design.components[app]
        yield Finding(
            message=(f"requests from `{path.caller}` reach {component.kind} `{app}` unauthenticated "
                     f"({format_path(path.components)}: {why})"),
            location=component.location,
            element=app,
            help=f"authenticate callers at `{app}` or at a gateway in front of it, and state it: `auth=token`",
        )
