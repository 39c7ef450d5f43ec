"""The archlint language, declared once: its component kinds and every attribute of every element.

Everything else is derived from these declarations: the model's fields (model.py), the loader's
defaults and checks (loader.py), `archlint explain <attribute|kind>` and the tables of
docs/language.md (language_doc.py, tools/gen_language_doc.py). Adding an attribute is one
`AttributeSpec` in the right table below (docs/architecture.md, "Adding an attribute").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from . import schema
from .schema import SIGNALS, ValueType

__all__ = ["SIGNALS"]  # re-exported for the rule API: the values of the `signal` attribute


@dataclass(frozen=True)
class Kind:
    """A component kind: its canonical name, the other names it may be written with, its tier."""

    name: str
    aliases: tuple[str, ...]
    tier: str  # one of TIERS
    meaning: str


TIERS = {
    "outside": "the ends of the design: where requests start, or systems that belong to someone else",
    "traffic": "infrastructure in front of the application",
    "application": "the tier that serves and processes requests",
    "cache": "fast state in front of something slower",
    "data store": "systems that keep data",
    "messaging": "queues and logs that carry messages between components",
    "observability": "where telemetry goes",
}

KIND_DECLARATIONS: tuple[Kind, ...] = (
    Kind("client", ("user",), "outside", "where requests start: browsers, mobile apps, partner systems"),
    Kind("external", (), "outside", "a system outside this design, such as a third-party API"),
    Kind("dns", (), "traffic", "name resolution at the edge"),
    Kind("cdn", (), "traffic", "content delivery at the edge"),
    Kind("lb", ("load_balancer",), "traffic", "a load balancer"),
    Kind("gateway", ("api_gateway",), "application", "an API gateway"),
    Kind("service", ("app",), "application", "a synchronous application server"),
    Kind("worker", ("consumer",), "application", "background processing"),
    Kind("function", ("lambda",), "application", "a serverless function"),
    Kind("cache", (), "cache", "Redis, Memcached, anything fast in front of something slower"),
    Kind("database", ("db",), "data store", "a system of record"),
    Kind("search", (), "data store", "a search index"),
    Kind("object_store", ("bucket",), "data store", "blob storage"),
    Kind("queue", (), "messaging", "a message queue"),
    Kind("stream", (), "messaging", "an event log"),
    Kind("observability", ("metrics", "logging", "tracing"), "observability", "where telemetry goes"),
)

KIND_BY_NAME: Mapping[str, Kind] = MappingProxyType({k.name: k for k in KIND_DECLARATIONS})
KIND_ALIASES: Mapping[str, str] = MappingProxyType(
    {word: kind.name for kind in KIND_DECLARATIONS for word in (kind.name, *kind.aliases)}
)
KINDS = sorted(KIND_BY_NAME)


def _tier(*tiers: str) -> frozenset[str]:
    return frozenset(k.name for k in KIND_DECLARATIONS if k.tier in tiers)


APP_KINDS = _tier("application")
DATA_STORE_KINDS = _tier("data store")
QUEUE_KINDS = _tier("messaging")
STATEFUL_BY_NATURE = _tier("data store", "messaging", "cache")
OUTSIDE_KINDS = _tier("outside")

STATEMENT_KEYWORDS = ("title", "include", "slo")
GROUP_KEYWORDS = ("region", "zone", "boundary", "group")
KEYWORDS = STATEMENT_KEYWORDS + GROUP_KEYWORDS  # the grammar's keywords: never an identifier


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of one element (component, edge, group or slo).

    `default` is what the model holds when the attribute is not written; `by_kind` overrides it
    for some component kinds. `kinds` limits where it may be written (component kinds, or group
    keywords); None means everywhere. `also` names further model fields that the attribute fills,
    with their defaults, and `store` turns the typed value into every field it fills.
    """

    name: str
    type: ValueType
    meaning: str
    default: Any = None
    by_kind: Mapping[str, Any] = field(default_factory=dict)
    kinds: frozenset[str] | None = None
    also: tuple[tuple[str, str, Any], ...] = ()  # (field, annotation, default)
    store: Callable[[Any], dict[str, Any]] | None = None

    def fields(self, value: Any) -> dict[str, Any]:
        """The model fields a written value sets."""
        return self.store(value) if self.store is not None else {self.name: value}


def _zone_fields(value: int | tuple[str, ...]) -> dict[str, Any]:
    if isinstance(value, tuple):  # named zones: their count is the number of distinct ids
        return {"zones": len(set(value)), "zone_ids": value}
    return {"zones": value}


def _table(*specs: AttributeSpec) -> Mapping[str, AttributeSpec]:
    return MappingProxyType({spec.name: spec for spec in specs})


# Free metadata, the same on components and groups.
_TAGS = AttributeSpec("tags", schema.NAMES, "free metadata", default=())
_OWNER = AttributeSpec("owner", schema.NAME, "free metadata: the owning team")

COMPONENT_ATTRIBUTES = _table(
    AttributeSpec("replicas", schema.integer(1, schema.MAX_COUNT), "running instances", default=1),
    AttributeSpec("zones", schema.ZONES, "failure domains the replicas are spread over", default=1,
                  also=(("zone_ids", "tuple[str, ...]", ()),), store=_zone_fields),
    AttributeSpec("managed", schema.BOOLEAN,
                  "a provider runs it highly available. It counts as replicated across zones", default=False),
    AttributeSpec("state", schema.choice("stateless", "stateful"),
                  "whether an instance holds something other instances cannot see: local sessions, uploaded "
                  "files, in-memory data", by_kind={kind: "stateless" for kind in sorted(APP_KINDS)}),
    AttributeSpec("sessions", schema.choice("local", "sticky", "shared", "client", "none"),
                  "where user sessions live. `client` means the client carries them (a signed cookie or token). "
                  "`sticky` means the load balancer pins users to an instance", default="none"),
    AttributeSpec("durable", schema.BOOLEAN, "whether the data survives a restart", default=False,
                  by_kind={kind: True for kind in ("database", "queue", "stream", "object_store")}),
    AttributeSpec("replica_of", schema.IDENTIFIER,
                  "this store is a read replica of that one, and the two count as replicated together"),
    AttributeSpec("mode", schema.choice("single", "primary_replica", "cluster", "multi_primary"),
                  "how a data store replicates"),
    AttributeSpec("engine", schema.NAME, "the product: `postgres`, `redis`, `kafka`, `\"PostgreSQL 16\"`"),
    AttributeSpec("tech", schema.NAME, "the technology: `go`, `java`, `node`"),
    AttributeSpec("availability", schema.AVAILABILITY, "availability of one instance, or of the managed service"),
    AttributeSpec("latency", schema.DURATION, "time this component adds to a request, at p99"),
    AttributeSpec("capacity", schema.CAPACITY, "requests per second that one instance can take"),
    AttributeSpec("schedule", schema.SCHEDULE,
                  "it starts work by itself (a scheduler, cron, beat): an entry point of work, as a client is of "
                  "requests", kinds=frozenset({"worker", "function", "service"})),
    AttributeSpec("caches", schema.IDENTIFIERS, "the data stores this cache fronts", default=(),
                  kinds=frozenset({"cache"})),
    AttributeSpec("hit_rate", schema.PERCENTAGE,
                  "share of reads the cache answers; otherwise derived from declared reads where it can be",
                  kinds=frozenset({"cache"})),
    AttributeSpec("sequential", schema.BOOLEAN,
                  "it calls its required callees one after another, so their latencies add (by default only the "
                  "slowest counts)", default=False),
    AttributeSpec("dlq", schema.IDENTIFIER, "the dead-letter queue of this queue"),
    AttributeSpec("rate_limit", schema.RATE,
                  "what it admits: a limit at a gateway, a load balancer, a WAF, a CDN or the service itself",
                  kinds=frozenset(KINDS) - OUTSIDE_KINDS),
    AttributeSpec("auth", schema.NAME,
                  "how it authenticates its callers: `none`, `token`, `mtls`, `oauth`, `apikey`, `iam`",
                  kinds=frozenset(KINDS) - OUTSIDE_KINDS),
    _TAGS,
    _OWNER,
)

EDGE_ATTRIBUTES = _table(
    AttributeSpec("op", schema.choice("read", "write", "rw"), "what the call does to the target's data"),
    AttributeSpec("reads", schema.RATE, "read rate on this edge, measured or expected"),
    AttributeSpec("writes", schema.RATE, "write rate on this edge"),
    AttributeSpec("rps", schema.RATE, "request rate on this edge, when reads and writes are not given separately"),
    AttributeSpec("proto", schema.NAME, "the protocol: `https`, `grpc`, `wss`, `amqp`, `resp`, `sql`"),
    AttributeSpec("tls", schema.BOOLEAN, "whether traffic is encrypted in transit"),
    AttributeSpec("timeout", schema.DURATION, "the caller's timeout"),
    AttributeSpec("retries", schema.integer(0), "how many times the caller retries"),
    AttributeSpec("signal", schema.SIGNAL_LIST, "on an edge into `observability`, what telemetry flows", default=()),
    AttributeSpec("auth", schema.NAME, "what the caller presents: `none`, `token`, `mtls`, `signed_url`"),
    AttributeSpec("fanout", schema.integer(1),
                  "calls to the callee per request, in parallel, waiting for all: multiplies its load", default=1),
    AttributeSpec("optional", schema.BOOLEAN,
                  "the caller survives the callee's failure (a fallback, a circuit breaker, best effort)", default=False),
)

GROUP_ATTRIBUTES = _table(
    AttributeSpec("availability", schema.AVAILABILITY,
                  "how often the whole failure domain is up (a zone inside a region is up only when the region is); "
                  "on a `region`, a `zone` or a group with `host=true`"),
    AttributeSpec("host", schema.BOOLEAN,
                  "everything inside runs on one machine: its members share its fate, and their `replicas` are "
                  "processes on it, not redundancy against it", default=False),
    _TAGS,
    _OWNER,
)

SLO_ATTRIBUTES = _table(
    AttributeSpec("availability", schema.AVAILABILITY, "the availability the design promises its clients"),
    AttributeSpec("latency", schema.DURATION, "the p99 latency the design promises"),
    AttributeSpec("window", schema.POSITIVE_DURATION, "the window an error budget is counted over (default 30 days)"),
)

# Each element with attributes, in the order the reference lists them.
ELEMENTS: Mapping[str, Mapping[str, AttributeSpec]] = MappingProxyType({
    "component": COMPONENT_ATTRIBUTES,
    "edge": EDGE_ATTRIBUTES,
    "group": GROUP_ATTRIBUTES,
    "slo": SLO_ATTRIBUTES,
})


def defaults_for_kind(kind: str) -> dict[str, Any]:
    """The component fields whose default depends on the kind, for `kind`."""
    return {spec.name: spec.by_kind.get(kind, spec.default) for spec in COMPONENT_ATTRIBUTES.values() if spec.by_kind}


def kind_defaults(kind: str) -> list[tuple[str, Any]]:
    """(attribute, value) where `kind` has its own default: what `explain <kind>` lists."""
    return [(spec.name, spec.by_kind[kind]) for spec in COMPONENT_ATTRIBUTES.values() if kind in spec.by_kind]
