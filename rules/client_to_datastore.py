"""A client or outside system that calls a data store directly, with no service in between.

## Why is this bad?
A data store exposed to callers you do not run trusts them with everything a service would
check: who may read which rows (broken object-level authorization), what a valid write is,
how much they may ask for. Its credentials end up in an app anyone can unpack, its schema
becomes a public API that can never change, and one careless query from outside loads the store
every request depends on. A service (or a gateway with its own checks) in between owns the
rules and the contract.

The rule fires on a synchronous call (`->`) from a `client` or `external` into a `database`,
`search` index, `cache` or `object_store`. An object store is left alone when a `cdn` also
reads from it (the client fetches public objects that the CDN serves), when the call states
`auth` other than `none` (signed URLs: `auth=signed_url`), or when `allow-object-store` is
set.

## Anti-pattern
```arch
client app "Mobile app"
service api "API" [replicas=3, zones=3]
database users "Users" [managed=true]
observability metrics "Prometheus" [managed=true]

app -> api
app -> users [proto=sql]
api -> users
api ~> metrics [signal=metrics]
```

## Best practice
```arch
client app "Mobile app"
service api "API" [replicas=3, zones=3]
database users "Users" [managed=true]
object_store photos "Photos" [managed=true]
observability metrics "Prometheus" [managed=true]

app -> api -> users
app -> photos "upload with a pre-signed URL" [auth=signed_url]
api -> photos "sign upload URLs" [op=read]
api ~> metrics [signal=metrics]
```

## False positives
A managed backend-as-a-service (Firebase, Supabase) that enforces row-level security rules is
a service in the sense of this rule: state its rules with `auth` on the edge and suppress with
the policy's name. A reporting tool that an analyst runs against a read replica is an operator,
not a client: leave it out of the request design, or suppress.

## Options
- `allow-object-store` (bool, default `false`): never fire on object stores.

## References
- OWASP API Security Top 10 (2023), API1 "Broken Object Level Authorization" and API8
  "Security Misconfiguration"
- OWASP ASVS 4.0, V1.4 "Access Control Architecture" (enforce access control on a trusted
  service layer)
- Amazon S3 User Guide, "Sharing objects with presigned URLs"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import (DATA_STORE_KINDS, OUTSIDE_KINDS, DeclaredOptions, Design, DesignGraph, Finding, Severity,
                               cite, option)

CODE = "SEC004"
NAME = "client-to-datastore"
CATEGORY = "security"
DEFAULT_SEVERITY = Severity.ERROR

STORE_KINDS = DATA_STORE_KINDS | {"cache"}


class Options(DeclaredOptions):
    allow_object_store: bool = option(False, "never fire on object stores", strict=True)


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    behind_cdn = {e.target for e in design.edges if components[e.source].kind == "cdn"}
    for edge in design.edges:
        caller, store = components[edge.source], components[edge.target]
        if not edge.sync or caller.kind not in OUTSIDE_KINDS or store.kind not in STORE_KINDS:
            continue
        if store.kind == "object_store":
            auth = edge.written("auth")
            if options.allow_object_store or store.id in behind_cdn or (auth is not None and auth.value != "none"):
                continue
        evidence = cite(edge, "proto", "op", "auth")
        yield Finding(
            message=(f"{caller.kind} `{caller.id}` calls {store.kind.replace('_', ' ')} `{store.id}` directly"
                     + (f" ({evidence})" if evidence else "") + ": no service checks what it may read or write"),
            location=edge.location,
            element=edge.element_id,
            help=f"put a service in between that owns `{store.id}` and its access rules"
                 + (", or hand out signed URLs (`auth=signed_url`)" if store.kind == "object_store" else ""),
        )
