"""Traffic in plaintext across a trust boundary, or to or from a client or outside system.

## Why is this bad?
Whatever crosses a network you do not control (the internet, a partner's link, another team's
VPC) can be read and changed on the way: credentials, session tokens, personal data. Inside one
trust boundary plaintext may be an accepted risk; across one it is the classic finding of a
threat model (STRIDE's information disclosure and tampering). TLS costs little today, and
mutual TLS also proves who is calling.

The rule fires on an edge that states plaintext, `tls=false` or a plaintext `proto` (by
default `http`, `ws`, `ftp`, `telnet`, `ldap`, `mqtt`, `amqp`) without `tls=true`, when the edge
comes from or goes to a `client` or `external`, or crosses a `boundary`: its two ends sit in different
sets of `boundary` groups. Edges that state nothing about encryption are left alone.

## Anti-pattern
```arch
client browser "Browsers"
boundary dmz "DMZ" {
  lb alb "Load balancer" [managed=true]
}
boundary private "Private subnets" {
  service api "API" [replicas=3, zones=3]
}
observability metrics "Prometheus" [managed=true]

browser -> alb [proto=https]
alb -> api [proto=http]
api ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
boundary dmz "DMZ" {
  lb alb "Load balancer" [managed=true]
}
boundary private "Private subnets" {
  service api "API" [replicas=3, zones=3]
}
observability metrics "Prometheus" [managed=true]

browser -> alb [proto=https]
alb -> api [proto=https, tls=true]
api ~> metrics [signal=metrics]
```

## False positives
A tunnel the design does not draw (a VPN, a service mesh's sidecars, IPsec between sites) may
encrypt what the edge calls plaintext: then the edge is encrypted, say so with `tls=true`. A
plain-HTTP listener that only redirects to HTTPS carries nothing worth protecting; suppress it
with that reason.

## Options
- `plaintext-protocols` (list of strings, default above): the `proto` values that mean
  plaintext unless the edge states `tls=true`.

## References
- OWASP ASVS 4.0, V9 "Communication" (9.1: TLS for all client connectivity; 9.2: server
  communications security)
- OWASP API Security Top 10 (2023), API8 "Security Misconfiguration" (TLS missing)
- Adam Shostack, *Threat Modeling: Designing for Security*, STRIDE (information disclosure)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import OUTSIDE_KINDS, Design, DesignGraph, Finding, DeclaredOptions, Severity, cite, option

CODE = "SEC001"
NAME = "plaintext-across-boundary"
CATEGORY = "security"
DEFAULT_SEVERITY = Severity.ERROR


class Options(DeclaredOptions):
    plaintext_protocols: tuple[str, ...] = option(
        ("http", "ws", "ftp", "telnet", "ldap", "mqtt", "amqp"),
        "`proto` values that mean plaintext unless the edge states `tls=true`")


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    boundaries: dict[str | None, frozenset[str]] = {}

    def inside(group: str | None) -> frozenset[str]:
        if group not in boundaries:
            boundaries[group] = frozenset(g.id for g in design.enclosing_groups(group) if g.kind == "boundary")
        return boundaries[group]

    plaintext = {p.lower() for p in options.plaintext_protocols}  # `HTTP` is `http`
    for edge in design.edges:
        if edge.tls is True:
            continue
        if edge.tls is None and (edge.proto or "").lower() not in plaintext:
            continue
        source, target = components[edge.source], components[edge.target]
        if source.kind in OUTSIDE_KINDS:
            where = f"from {source.kind} `{source.id}`"
        elif target.kind in OUTSIDE_KINDS:
            where = f"to {target.kind} `{target.id}`"
        else:
            left, right = inside(source.group), inside(target.group)
            if left == right:
                continue
            crossed = sorted(left ^ right)
            where = "across boundary " + ", ".join(f"`{b}`" for b in crossed)
        evidence = cite(edge, "tls") if edge.tls is False else cite(edge, "proto") + " and no `tls=true`"
        yield Finding(
            message=f"`{edge.source} {edge.arrow} {edge.target}` is plaintext {where} ({evidence})",
            location=edge.location,
            element=edge.element_id,
            help="encrypt it (`https`, `wss`, TLS on the connection) and state `tls=true`",
        )
