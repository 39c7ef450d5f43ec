"""A public way in that no component limits: nothing stops a client from sending all it can.

## Why is this bad?
Without a rate limit, one client (a buggy retry loop, a scraper, an attacker, a partner's
batch job) can take all of a service's capacity, and every other client's requests fail with
it. Limits at the edge (a gateway, a load balancer, a WAF, a CDN) or at the service turn that
overload into fast rejections for the one client that caused it. Brute-forcing logins and
enumerating ids are stopped the same way.

The rule follows each way in (as `unauthenticated-entry` does: from a `client` or `external`,
through the traffic tier, to the first `service`, `function` or `worker`) and fires, on the
application component, when no component of it states `rate_limit`. It judges only designs
that state `rate_limit` somewhere (the author models rate limiting, and this way in lacks it),
unless the option `require` asks it of every design.

## Anti-pattern
```arch
client browser "Browsers"
client partner "Partner systems"
gateway gw "API gateway" [managed=true, rate_limit=5k/s]
service api "Public API" [replicas=3, zones=3]
service bulk "Bulk import API" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> gw -> api [proto=https, tls=true]
partner -> bulk [proto=https, tls=true]
gw, api, bulk ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
client partner "Partner systems"
gateway gw "API gateway" [managed=true, rate_limit=5k/s]
service api "Public API" [replicas=3, zones=3]
service bulk "Bulk import API" [replicas=2, zones=2, rate_limit=50/s]
observability metrics "Prometheus" [managed=true]

browser -> gw -> api [proto=https, tls=true]
partner -> bulk [proto=https, tls=true]
gw, api, bulk ~> metrics [signal=metrics]
```

## False positives
A limit applied where the design does not draw it (a cloud provider's default account quota, a
WAF in another team's account) still limits: state it on the component it protects. An
internal client on a private network may need no limit; suppress with the reason.

## Options
- `require` (bool, default `false`): judge every design, also those that state no `rate_limit`.

## References
- OWASP API Security Top 10 (2023), API4 "Unrestricted Resource Consumption"
- OWASP ASVS 4.0, V11.1 "Business Logic Security" (anti-automation, 11.1.4)
- Amazon Builders' Library, "Fairness in multi-tenant systems" and "Using load shedding to
  avoid overload"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Finding, DeclaredOptions, Severity, cite, format_path, option

CODE = "SEC003"
NAME = "unlimited-entry"
CATEGORY = "security"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    require: bool = option(False, "judge every design, also those that state no `rate_limit`", strict=True)


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    limited = [c for c in components.values() if "rate_limit" in c.as_written]
    if not limited and not options.require:
        return  # the design does not model rate limiting
    reported = set()
    judged: set[str] = set()  # front doors whose ways on are reported (or limited)
    for way in graph.entry_ways():
        if way.front_door in judged:
            continue  # whether a way on is limited does not depend on who enters: judged once
        judged.add(way.front_door)
        for path in way.paths():
            app = path.application
            if app in reported or any("rate_limit" in components[c].as_written for c in path.components[1:]):
                continue
            reported.add(app)
            component = components[app]
            elsewhere = f", while `{limited[0].id}` states {cite(limited[0], 'rate_limit')}" if limited else ""
            yield Finding(
                message=(f"requests from `{path.caller}` reach {component.kind} `{app}` with no `rate_limit` on the way "
                         f"({format_path(path.components)}){elsewhere}"),
                location=component.location,
                element=app,
                help=f"limit what this way in admits, at a gateway in front of `{app}` or at `{app}`: `rate_limit=...`",
            )
