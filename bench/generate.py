#!/usr/bin/env python3
"""Generate realistic archlint designs of any size, seeded and reproducible.

    python bench/generate.py --components 10000 --seed 1 -o /tmp/d.arch

The design has the shape of a real multi-region system: a few clients, a DNS / CDN / global
load balancer edge, regions that hold zones (zonal database primaries and their read replicas)
and product cells (gateways, services, caches, queues and streams, workers, databases, search
indexes, buckets, functions, third-party APIs), all reporting to shared observability.

One cell in ten (at least one) carries a planted problem, marked with a
`# planted: <rule>: <component id>` comment on the line that causes it: a single-replica
database, a service that keeps sessions locally, a read-heavy database edge from a service
that reads no cache, or a service that sends no telemetry (a comment after the cell's edges).
Everything else is meant to be clean under those four rules.

The component count is exact, and the same (components, seed) always gives the same bytes.
Standard library only; `generate()` is importable (bench/ is not a package: load it by path).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys

# Global components: three clients, dns, cdn, global lb, metrics, logs, traces.
GLOBAL_COMPONENTS = 9
# Each region: its load balancer and its telemetry collector.
REGION_COMPONENTS = 2
# A product cell has at least a gateway, two services, a cache, a queue, a worker and a database.
MIN_CELL = 8
MIN_COMPONENTS = GLOBAL_COMPONENTS + REGION_COMPONENTS + MIN_CELL
COMPONENTS_PER_REGION = 2500

PROBLEM_SHARE = 0.10
PROBLEMS = ("single-point-of-failure", "stateful-app-server", "uncached-read-path", "missing-observability")

REGION_NAMES = (
    "us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2", "eu-central-1", "ap-northeast-1",
    "sa-east-1", "ca-central-1", "ap-south-1", "eu-north-1", "us-east-2", "ap-southeast-2",
    "eu-west-2", "me-south-1", "af-south-1", "eu-south-1", "ap-northeast-2", "us-west-1",
    "eu-west-3", "ap-east-1", "ap-northeast-3", "me-central-1", "ap-southeast-3", "il-central-1",
)
ZONE_LETTERS = ("a", "b", "c")

PRODUCTS = (
    "checkout", "orders", "payments", "catalog", "accounts", "identity", "shipping", "pricing",
    "inventory", "reviews", "media", "messaging", "billing", "ledger", "loyalty", "ads",
    "analytics", "support", "notify", "recs", "fulfilment", "returns", "subs", "wallet",
)
# Service suffixes: none collides with the fixed suffixes (gw, cache, db, q, events, worker, ...).
SERVICE_NAMES = (
    "api", "web", "core", "quotes", "rates", "profile", "auth", "tokens", "cart", "ledger",
    "audit", "reports", "fraud", "risk", "tax", "ship", "rank", "feed", "admin", "export",
    "import", "sync", "render", "graph", "links", "prefs", "rules", "match", "bids", "slots",
)
DB_ENGINES = ("postgres", "mysql", "postgres", "aurora")
CLUSTER_ENGINES = ("cassandra", "cockroachdb", "scylla")
MANAGED_DB_ENGINES = ("aurora", "dynamodb", "spanner", "cloudsql")
EXTERNALS = ("Stripe", "Twilio", "SendGrid", "Adyen", "Salesforce", "Auth0", "Segment", "Mapbox")
TECHS = ("go", "java", "kotlin", "python", "node", "rust")

# Extra roles a cell can grow, with weights and caps (None: no cap).
_EXTRA_ROLES = ("service", "worker", "cache", "database", "queue", "stream", "search",
                "object_store", "function", "external", "gateway", "dlq", "replica")
_EXTRA_WEIGHTS = (4.5, 2.0, 0.8, 1.4, 0.9, 0.5, 0.5, 0.5, 0.4, 0.4, 0.15, 0.5, 0.7)
_EXTRA_CUM = tuple(itertools.accumulate(_EXTRA_WEIGHTS))
_CAPS = {"cache": 3, "database": 4, "queue": 3, "stream": 2, "search": 1, "object_store": 1,
         "function": 2, "external": 1, "gateway": 2}


def _rate(per_second: int) -> str:
    """`40k/s`, `1.5k/s`, `400/s`."""
    if per_second >= 1000:
        text = f"{per_second / 1000:.1f}".rstrip("0").rstrip(".")
        return f"{text}k/s"
    return f"{per_second}/s"


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in pairs) + "]" if pairs else ""


class _Region:
    def __init__(self, index: int) -> None:
        self.index = index
        self.id = f"r{index + 1}"
        name = REGION_NAMES[index] if index < len(REGION_NAMES) else f"region-{index + 1}"
        self.name = name
        self.lb = f"{self.id}_lb"
        self.otel = f"{self.id}_otel"
        self.zones = [f"{self.id}_{letter}" for letter in ZONE_LETTERS]
        self.zone_labels = [f"{name}{letter}" for letter in ZONE_LETTERS]
        self.zone_lines: list[list[str]] = [[] for _ in ZONE_LETTERS]
        self.cell_lines: list[str] = []


class _Cell:
    """One product cell: exactly `size` components, its group, its zonal stores and its edges."""

    def __init__(self, rng: random.Random, number: int, size: int, region: _Region, problem: str | None) -> None:
        self.rng = rng
        self.region = region
        self.product = rng.choice(PRODUCTS)
        self.id = f"{self.product}{number}"
        self.size = size
        self.problem = problem
        self.edges: set[tuple[str, str, str]] = set()
        self.edge_lines: list[str] = []

    # --- composition --------------------------------------------------------------------
    def _compose(self) -> dict[str, int]:
        counts = {"gateway": 1, "service": 2, "cache": 1, "queue": 1, "worker": 1, "database": 1,
                  "stream": 0, "search": 0, "object_store": 0, "function": 0, "external": 0,
                  "dlq": 0, "replica": 0}
        spare_db = 1 if self.problem == "single-point-of-failure" else 0
        rng = self.rng
        for _ in range(self.size - sum(counts.values())):
            while True:
                role = rng.choices(_EXTRA_ROLES, cum_weights=_EXTRA_CUM)[0]
                cap = _CAPS.get(role)
                if role == "dlq":
                    cap = counts["queue"]
                elif role == "replica":
                    cap = counts["database"] - spare_db
                if cap is None or counts[role] < cap:
                    break
            counts[role] += 1
        return counts

    def _zones(self, count: int = 3) -> str:
        if count == 3 and self.rng.random() < 0.3:
            return "[" + ", ".join(self.region.zones) + "]"
        return str(count)

    # --- edges --------------------------------------------------------------------------
    def _edge(self, stages: list[list[str]], arrows: list[str], attrs: list[tuple[str, str]] = (),
              label: str | None = None, comment: str | None = None) -> None:
        for index, arrow in enumerate(arrows):
            for source in stages[index]:
                for target in stages[index + 1]:
                    key = (source, target, arrow)
                    if key in self.edges:
                        raise AssertionError(f"generator bug: duplicate edge {key}")
                    self.edges.add(key)
        parts = [stages[0][0] if len(stages[0]) == 1 else ", ".join(stages[0])]
        for index, arrow in enumerate(arrows):
            parts.append(arrow)
            parts.append(", ".join(stages[index + 1]))
        if label:
            parts.append(f'"{label}"')
        if attrs:
            parts.append(_attrs(list(attrs)))
        line = "  " + " ".join(parts)
        if comment:
            line += f"  # planted: {comment}"
        self.edge_lines.append(line)

    def _has(self, source: str, target: str, arrow: str = "->") -> bool:
        return (source, target, arrow) in self.edges

    # --- the cell -----------------------------------------------------------------------
    def build(self) -> None:
        rng, c, region = self.rng, self.id, self.region
        counts = self._compose()
        body: list[str] = []
        ind = "    "

        def comp(line: str, planted: str | None = None) -> None:
            body.append(ind + line + (f"  # planted: {planted}" if planted else ""))

        def block(header: str, pairs: list[tuple[str, str]], target: list[str], indent: str,
                  planted: str | None = None) -> None:
            target.append(indent + header + " {" + (f"  # planted: {planted}" if planted else ""))
            for key, value in pairs:
                target.append(f"{indent}  {key} = {value}")
            target.append(indent + "}")

        title = self.product.capitalize()
        # Gateways.
        gateways = [f"{c}_gw"] + [f"{c}_gw{i}" for i in range(2, counts["gateway"] + 1)]
        for i, gw in enumerate(gateways):
            if rng.random() < 0.5:
                comp(f'api_gateway {gw} "{title} API gateway{" (partners)" if i else ""}" [managed=true]')
            else:
                comp(f'gateway {gw} "{title} gateway" [replicas={rng.randint(2, 4)}, zones={self._zones()}, tech=envoy]')

        # Services.
        n_services = counts["service"]
        names = rng.sample(SERVICE_NAMES, n_services) if n_services <= len(SERVICE_NAMES) else \
            list(SERVICE_NAMES) + [f"svc{i}" for i in range(len(SERVICE_NAMES) + 1, n_services + 1)]
        services = [f"{c}_{name}" for name in names]
        stateful = services[0] if self.problem == "stateful-app-server" else None
        uncached = services[-1] if self.problem == "uncached-read-path" else None
        silent = services[-1] if self.problem == "missing-observability" else None
        for svc, name in zip(services, names):
            pairs = [("replicas", str(rng.randint(2, 12))), ("zones", self._zones()), ("tech", rng.choice(TECHS))]
            if rng.random() < 0.5:
                pairs.append(("latency", f"{rng.choice((5, 10, 15, 20, 30, 50, 80))}ms"))
                pairs.append(("capacity", _rate(rng.choice((500, 1000, 1500, 2000, 5000)))))
            planted = None
            if svc == stateful:
                pairs.append(("sessions", "local"))
                planted = f"stateful-app-server: {svc}"
            elif name in ("web", "auth") and rng.random() < 0.6:
                pairs.append(("sessions", rng.choice(("shared", "client"))))
            label = f"{title} {name}"
            if rng.random() < 0.2:
                pairs.append(("owner", f'"team-{self.product}"'))
                pairs.append(("tags", f"[{rng.choice(('tier1', 'tier2', 'internal'))}, {self.product}]"))
                block(f'service {svc} "{label}"', pairs, body, ind, planted)
            else:
                comp(f'{rng.choice(("service", "service", "service", "app"))} {svc} "{label}" {_attrs(pairs)}', planted)

        # Caches.
        caches = [f"{c}_cache"] + [f"{c}_cache{i}" for i in range(2, counts["cache"] + 1)]
        for cache in caches:
            if rng.random() < 0.3:
                comp(f'cache {cache} "{title} cache" [engine=redis, managed=true]')
            else:
                engine = rng.choice(("redis", "redis", "memcached"))
                comp(f'cache {cache} "{title} cache" [engine={engine}, replicas=3, zones={self._zones()}]')

        # Databases: the first may be the planted single replica; `replica` of them are zonal
        # primaries with a read replica in the next zone; the rest are replicated in place.
        databases = [f"{c}_db"] + [f"{c}_db{i}" for i in range(2, counts["database"] + 1)]
        single = databases[0] if self.problem == "single-point-of-failure" else None
        zonal = [db for db in databases if db != single][: counts["replica"]]
        replicas: dict[str, str] = {}
        for i, db in enumerate(databases):
            label = f"{title} store" if i == 0 else f"{title} store {i + 1}"
            if db == single:
                comp(f'database {db} "{label}" [engine={rng.choice(DB_ENGINES)}]', f"single-point-of-failure: {db}")
            elif db in zonal:
                replica = f"{db}_ro"
                replicas[db] = replica
                zone = rng.randrange(3)
                engine = rng.choice(DB_ENGINES)
                region.zone_lines[zone].append(f'    db {db} "{label} (primary)" [engine={engine}, mode=primary_replica]')
                region.zone_lines[(zone + 1) % 3].append(
                    f'    db {replica} "{label} (replica)" [engine={engine}, replica_of={db}]')
            else:
                roll = rng.random()
                if roll < 0.45:
                    block(f'database {db} "{label}"', [("engine", rng.choice(DB_ENGINES)), ("mode", "primary_replica"),
                                                       ("replicas", "2"), ("zones", "2")], body, ind)
                elif roll < 0.75:
                    comp(f'database {db} "{label}" [engine={rng.choice(MANAGED_DB_ENGINES)}, managed=true]')
                else:
                    block(f'database {db} "{label}"', [("engine", rng.choice(CLUSTER_ENGINES)), ("mode", "cluster"),
                                                       ("replicas", "3"), ("zones", self._zones()),
                                                       ("availability", "99.9%")], body, ind)

        # Queues, their dead-letter queues, streams.
        queues = [f"{c}_q"] + [f"{c}_q{i}" for i in range(2, counts["queue"] + 1)]
        for i, queue in enumerate(queues):
            pairs = [("engine", rng.choice(("sqs", "rabbitmq", "sqs")))]
            if i < counts["dlq"]:
                pairs.append(("dlq", f"{queue}_dlq"))
            if pairs[0][1] == "sqs":
                pairs.append(("managed", "true"))
            else:
                pairs += [("replicas", "3"), ("zones", self._zones())]
            comp(f'queue {queue} "{title} jobs" {_attrs(pairs)}')
            if i < counts["dlq"]:
                comp(f'queue {queue}_dlq "{title} dead letters" [engine={pairs[0][1]}, managed=true]'
                     if pairs[0][1] == "sqs" else
                     f'queue {queue}_dlq "{title} dead letters" [engine=rabbitmq, replicas=3, zones=3]')
        streams = [f"{c}_events{'' if i == 1 else i}" for i in range(1, counts["stream"] + 1)]
        for stream in streams:
            if rng.random() < 0.5:
                comp(f'stream {stream} "{title} events" [engine=kafka, replicas=3, zones={self._zones()}]')
            else:
                block(f'stream {stream} "{title} events"', [("engine", "kinesis"), ("managed", "true"),
                                                            ("tags", f"[events, {self.product}]")], body, ind)

        # Workers, functions, search, buckets, third parties.
        workers = [f"{c}_worker{'' if i == 1 else i}" for i in range(1, counts["worker"] + 1)]
        for worker in workers:
            kind = rng.choice(("worker", "worker", "consumer"))
            comp(f'{kind} {worker} "{title} worker" [replicas={rng.randint(2, 8)}, zones={self._zones()}, '
                 f'tech={rng.choice(TECHS)}]')
        functions = [f"{c}_fn{'' if i == 1 else i}" for i in range(1, counts["function"] + 1)]
        for fn in functions:
            comp(f'{rng.choice(("function", "lambda"))} {fn} "{title} hook" [managed=true, tech=python]')
        search = f"{c}_idx" if counts["search"] else None
        if search:
            comp(f'search {search} "{title} index" [engine=opensearch, replicas=3, zones={self._zones()}]')
        bucket = f"{c}_blobs" if counts["object_store"] else None
        if bucket:
            comp(f'{rng.choice(("object_store", "bucket"))} {bucket} "{title} files" [engine=s3, managed=true]')
        external = f"{c}_ext" if counts["external"] else None
        if external:
            comp(f'external {external} "{rng.choice(EXTERNALS)}"')

        # --- edges ----------------------------------------------------------------------
        e = self._edge
        path = f"/{self.product}"
        e([[region.lb], gateways], ["->"], [("proto", "https")], label=f"{path}/*" if rng.random() < 0.3 else None)
        n_front = max(1, (n_services + 2) // 3)
        if n_front == n_services and n_services > 1:
            n_front -= 1
        front, back = services[:n_front], services[n_front:]
        for gw in gateways:
            e([[gw], front], ["->"], [("proto", "grpc"), ("timeout", "2s")])
        calls: dict[str, list[str]] = {svc: [] for svc in services}
        for j, svc in enumerate(back):
            calls[rng.choice(front + back[:j])].append(svc)
        for svc in front:
            for target in rng.sample(back, min(len(back), rng.randint(0, 2))):
                if target not in calls[svc]:
                    calls[svc].append(target)
        for j, svc in enumerate(back[:-1]):
            if rng.random() < 0.3:
                target = rng.choice(back[j + 1:])
                if target not in calls[svc]:
                    calls[svc].append(target)
        for svc in services:
            if calls[svc]:
                e([[svc], calls[svc]], ["->"], [("proto", "grpc"), ("timeout", f"{rng.choice((200, 300, 500))}ms"),
                                               ("retries", str(rng.randint(1, 3)))])

        # Data reads and writes. Every service that reads a store also reads a cache, except
        # the planted uncached one.
        cached_readers = [svc for svc in services if svc != uncached]
        readers: list[str] = []

        def cache_for(svc: str) -> None:
            if any(self._has(svc, cache) for cache in caches):
                return
            cache = rng.choice(caches)
            reads = rng.choice((5, 10, 20, 40)) * 1000
            if rng.random() < 0.5:
                e([[svc], [cache]], ["->"], [("op", "read"), ("reads", _rate(reads))])
            else:
                e([[svc], [cache]], ["->"], [("op", "rw"), ("reads", _rate(reads)), ("writes", _rate(reads // 20))])

        if uncached:
            target = databases[-1] if databases[-1] != single else databases[0]
            e([[uncached], [target]], ["->"], [("reads", _rate(rng.choice((20, 30, 50)) * 1000)),
                                               ("writes", _rate(rng.choice((20, 50, 80))))],
              comment=f"uncached-read-path: {uncached}")
        for db in databases:
            owner = rng.choice(cached_readers)
            if not self._has(owner, db):
                writes = rng.choice((50, 100, 200, 400))
                e([[owner], [db]], ["->"], [("reads", _rate(writes * rng.randint(2, 5))), ("writes", _rate(writes)),
                                            ("proto", "sql")])
                readers.append(owner)
            if db in replicas:
                reader = rng.choice(cached_readers)
                e([[reader], [replicas[db]]], ["->"], [("op", "read"), ("reads", _rate(rng.choice((500, 800, 1500))))])
                readers.append(reader)
        for svc in cached_readers:
            if rng.random() < 0.35:
                db = rng.choice(databases)
                if not self._has(svc, db):
                    e([[svc], [db]], ["->"], [("op", "read"), ("reads", _rate(rng.choice((100, 200, 400))))])
                    readers.append(svc)
        if search:
            reader = rng.choice(cached_readers)
            e([[reader], [search]], ["->"], [("op", "read"), ("reads", _rate(rng.choice((300, 600, 900))))])
            readers.append(reader)
        for svc in readers:
            cache_for(svc)
        for cache in caches:  # every cache has a reader
            if not any(self._has(svc, cache) for svc in services):
                svc = rng.choice(cached_readers)
                e([[svc], [cache]], ["->"], [("op", "read"), ("reads", _rate(rng.choice((2, 5, 10)) * 1000))])
        if external:
            e([[rng.choice(services)], [external]], ["->"], [("proto", "https"), ("timeout", "2s"), ("retries", "2"),
                                                             ("optional", "true")])

        # Asynchronous flows: producers ~> channel ~> consumers.
        channels = queues + streams
        consumers: dict[str, list[str]] = {ch: [] for ch in channels}
        for i, worker in enumerate(workers):
            consumers[channels[i % len(channels)]].append(worker)
        spare_fns = list(functions[1:] if bucket else functions)
        for ch in channels:
            if not consumers[ch]:
                consumers[ch].append(spare_fns.pop(0) if spare_fns else rng.choice(workers))
        for fn in spare_fns:  # every function has a trigger
            consumers[rng.choice(channels)].append(fn)
        for ch in channels:
            proto = "kafka" if ch in streams else "amqp"
            producers = rng.sample(services, min(len(services), rng.choice((1, 1, 2))))
            if rng.random() < 0.6:
                e([[producers[0]], [ch], consumers[ch]], ["~>", "~>"], [("proto", proto)])
            else:
                e([[producers[0]], [ch]], ["~>"], [("proto", proto)])
                e([[ch], consumers[ch]], ["~>"], [("proto", proto)])
            if len(producers) > 1:
                e([producers[1:], [ch]], ["~>"], [("proto", proto)])
        for worker in workers:
            db = rng.choice(databases)
            e([[worker], [db]], ["->"], [("op", "write"), ("writes", _rate(rng.choice((50, 100, 300))))])
            if search and rng.random() < 0.5:
                e([[worker], [search]], ["->"], [("op", "write"), ("writes", _rate(rng.choice((100, 200))))])
            if bucket and rng.random() < 0.5:
                e([[worker], [bucket]], ["->"], [("op", "write"), ("proto", "https")])
            if streams and rng.random() < 0.3:
                stream = rng.choice(streams)
                if worker not in consumers[stream]:
                    e([[worker], [stream]], ["~>"], [("proto", "kafka")])
        if bucket:
            e([[rng.choice(services)], [bucket]], ["->"], [("op", "write"), ("writes", _rate(rng.choice((20, 50))))])
            if functions:
                e([[bucket], [functions[0]]], ["~>"], [("proto", "s3_event")], label="object created")
        for fn in functions:
            target = search if search and rng.random() < 0.5 else rng.choice(databases)
            e([[fn], [target]], ["->"], [("op", "write")])

        # Telemetry: app tiers report metrics, logs and traces; some stores export metrics.
        apps = [x for x in gateways + services + workers + functions if x != silent]
        stores = caches + databases if rng.random() < 0.5 else []
        if rng.random() < 0.5:  # everything through the regional collector
            e([apps, [region.otel]], ["~>"], [("signal", "[metrics, logs, traces]")])
            if stores:
                e([stores, ["metrics"]], ["~>"], [("signal", "metrics")])
        else:  # metrics scraped directly, logs and traces through the collector
            e([apps + stores, ["metrics"]], ["~>"], [("signal", "metrics")])
            e([apps, [region.otel]], ["~>"], [("signal", "[logs, traces]")])
        if silent:
            self.edge_lines.append(f"  # planted: missing-observability: {silent} (sends no telemetry)")

        # --- assemble -------------------------------------------------------------------
        owner = f' [owner="team-{self.product}"]' if rng.random() < 0.5 else ""
        out = region.cell_lines
        out.append(f'  group {c} "{title} cell {c[len(self.product):]}"{owner} {{')
        out.extend(body)
        out.append("  }")
        out.extend(self.edge_lines)


def _cell_sizes(rng: random.Random, budget: int) -> list[int]:
    sizes = []
    while budget >= 60:
        size = rng.randint(10, 30)
        sizes.append(size)
        budget -= size
    if budget >= 40:
        sizes += [budget // 2, budget - budget // 2]
    else:
        sizes.append(budget)
    return sizes


def generate(components: int, seed: int = 0) -> str:
    """A design with exactly `components` components; the same arguments give the same text."""
    if components < MIN_COMPONENTS:
        raise ValueError(f"a generated design has at least {MIN_COMPONENTS} components, asked for {components}")
    rng = random.Random(seed)
    n_regions = max(1, round(components / COMPONENTS_PER_REGION))
    while n_regions > 1 and components - GLOBAL_COMPONENTS - REGION_COMPONENTS * n_regions < 30 * n_regions:
        n_regions -= 1
    regions = [_Region(i) for i in range(n_regions)]
    sizes = _cell_sizes(rng, components - GLOBAL_COMPONENTS - REGION_COMPONENTS * n_regions)
    # A fixed share of cells, at random places, each with one problem; the kinds take turns.
    planted = sorted(rng.sample(range(len(sizes)), max(1, round(len(sizes) * PROBLEM_SHARE))))
    problems = {cell: PROBLEMS[i % len(PROBLEMS)] for i, cell in enumerate(planted)}
    for index, size in enumerate(sizes):
        region = regions[index * n_regions // len(sizes)]
        _Cell(rng, index + 1, size, region, problems.get(index)).build()

    out = [
        f"# Generated by bench/generate.py --components {components} --seed {seed}",
        f'title "Generated platform: {components} components, {len(sizes)} cells, seed {seed}"',
        "slo [availability=99.95%, latency=300ms]",
        "",
        'client web "Browsers"',
        'user mobile "Mobile apps"',
        'client partners "Partner systems"',
        'dns dns "Route 53" [managed=true]',
        'cdn edge "CDN" [managed=true, latency=20ms]',
        'load_balancer glb "Global load balancer" [managed=true]',
        'observability metrics "Prometheus" [managed=true]',
        'logging logs "Log pipeline" [managed=true]',
        'tracing traces "Tracing backend" [managed=true]',
        "",
        "web, mobile -> dns [proto=dns]",
        'web, mobile -> edge -> glb "HTTPS" [proto=https, tls=true]',
        "partners -> glb [proto=https, tls=true, timeout=5s]",
        "glb ~> metrics [signal=metrics]",
        "edge, glb ~> logs [signal=logs]",
    ]
    for region in regions:
        out.append("")
        out.append(f'region {region.id} "{region.name}" {{')
        out.append(f'  lb {region.lb} "{region.name} ingress" [managed=true]')
        out.append(f'  observability {region.otel} "{region.name} collector" {{')
        out.append("    replicas = 3")
        out.append("    zones = [" + ", ".join(region.zones) + "]")
        out.append("    tech = otel")
        out.append("  }")
        for zone, label, lines in zip(region.zones, region.zone_labels, region.zone_lines):
            out.append(f'  zone {zone} "{label}" {{')
            out.extend(lines)
            out.append("  }")
        out.extend(region.cell_lines)
        out.append(f"  {region.lb} ~> metrics [signal=metrics]")
        out.append(f"  {region.otel} ~> logs [signal=logs]")
        out.append(f"  {region.otel} ~> traces [signal=traces]")
        out.append(f"  {region.otel} ~> metrics [signal=metrics]")
        out.append("}")
    out.append("")
    out.append("glb -> " + ", ".join(region.lb for region in regions) + " [proto=https, timeout=10s]")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a realistic archlint design of a given size.")
    parser.add_argument("--components", "-n", type=int, default=1000, help="number of components (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    try:
        text = generate(args.components, args.seed)
    except ValueError as error:
        parser.error(str(error))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
