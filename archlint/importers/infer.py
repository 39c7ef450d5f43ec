"""From what the files deploy to a draft design: kinds, replicas, durability, and calls on evidence.

Each conclusion carries the fact it rests on. A call is drawn only where configuration names
its target (an address in the environment, a route, a proxy upstream, a start-order
dependency, the last marked weaker); a name that merely resembles another never makes one.
"""

from __future__ import annotations

import re

from . import evidence
from .draft import CLUSTER_NAME, ENV, PROXY, ROUTE, START_ORDER, Component, Draft, Edge, Fact
from .images import engine_of
from .units import Deployment, Place, Unit

RESERVED = {"title", "include", "slo", "region", "zone", "boundary", "group", "true", "false"}
ASYNC_KINDS = {"queue", "stream", "observability"}
STORES = {"database", "search", "object_store"}
DURABLE_KINDS = {"database", "queue", "stream", "search", "object_store"}
SCHEDULED_ORIGINS = {"CronJob", "Job"}
REDIS_LIKE = {"redis", "valkey", "keydb"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "host.docker.internal", "::1"}
PROTOCOLS = {"http": "http", "https": "https", "grpc": "grpc", "grpcs": "grpc", "ws": "ws", "wss": "wss",
             "amqp": "amqp", "amqps": "amqp", "redis": "resp", "rediss": "resp", "postgres": "sql",
             "postgresql": "sql", "mysql": "sql", "mariadb": "sql", "sqlserver": "sql", "mongodb": "mongodb",
             "mongodb+srv": "mongodb", "nats": "nats", "kafka": "kafka", "memcached": "memcached"}
# what an observability engine receives, so what flows on an edge into it
SIGNALS = {"jaeger": "traces", "zipkin": "traces", "tempo": "traces", "prometheus": "metrics",
           "loki": "logs", "fluentd": "logs", "fluentbit": "logs"}
KIND_ORDER = ["client", "dns", "cdn", "lb", "gateway", "service", "function", "worker", "cache", "database",
              "search", "object_store", "queue", "stream", "observability", "external"]


def identifier(name: str) -> str:
    """A name as the language's identifier: `cart-service` -> `cart_service`, `2fa` -> `_2fa`."""
    ident = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "unnamed"
    if ident[0].isdigit():
        ident = "_" + ident
    return ident + "_" if ident in RESERVED else ident


class _Ids:
    def __init__(self):
        self.taken: set[str] = set()

    def take(self, name: str) -> str:
        base = identifier(name)
        ident, number = base, 2
        while ident in self.taken:
            ident, number = f"{base}_{number}", number + 1
        self.taken.add(ident)
        return ident


def infer(deployment: Deployment, command: str, *, schedule_attribute: bool = False) -> Draft:
    draft = Draft(title=deployment.title, sources=deployment.sources, command=command)
    ids = _Ids()
    units = sorted(deployment.units, key=lambda u: u.name)
    component_of: dict[str, Component] = {}
    engines: dict[str, str] = {}
    for unit in units:
        component = _component(unit, ids.take(unit.name), schedule_attribute)
        component_of[unit.name] = component
        engines[unit.name] = component.attributes.get("engine", "")
        draft.components[component.id] = component
    calls = _Calls(deployment, component_of, draft, ids)
    for unit in units:
        calls.from_unit(unit)
    for route in sorted(deployment.routes, key=lambda r: (r.place, r.host)):
        calls.route(route)
    _proxies_that_route(draft, component_of, units)
    _only_store(draft, component_of, units, engines)
    _durability(component_of, units)
    for unit in units:
        calls.scraped_by(unit)
    for edge in draft.edges.values():
        target, source = draft.components[edge.target], draft.components[edge.source]
        telemetry = target.kind == "observability" and source.kind != "observability"  # not a dashboard's query
        edge.arrow = "~>" if target.kind in ASYNC_KINDS - {"observability"} or telemetry else "->"
        if telemetry and target.attributes.get("engine") in SIGNALS:
            edge.attributes["signal"] = SIGNALS[target.attributes["engine"]]
        _protocol(edge)
        if target.kind in ("queue", "stream") and draft.components[edge.source].kind != "client":
            edge.todos.append("direction: the files show a connection, not whether it publishes or consumes; "
                              f"a consumer is written `{edge.target} ~> {edge.source}`")
    for component in draft.components.values():
        _todos(component)
    return draft


def _component(unit: Unit, ident: str, schedule_attribute: bool) -> Component:
    engine = engine_of(unit.image)
    where = f"{unit.origin} {unit.name}" if unit.origin != "service" else f"service {unit.name}"
    component = Component(id=ident, kind="service", label=unit.name if ident != unit.name else None)
    if unit.origin in SCHEDULED_ORIGINS:
        component.kind = "worker"
        component.facts.append(Fact(0, unit.place, f"{where}: a {unit.origin} runs work to completion (worker)"))
    elif engine is not None:
        component.kind = engine.kind
        component.facts.append(Fact(0, unit.image_place or unit.place,
                                    f"image {unit.image}: {engine.kind}, engine {engine.engine}"))
    elif unit.image:
        component.facts.append(Fact(0, unit.image_place or unit.place,
                                    f"image {unit.image}: not a known engine, so an application (service)"))
    else:
        built = f"built from {unit.build}" if unit.build else "no image named"
        component.facts.append(Fact(0, unit.place, f"{where}: {built}, so an application (service)"))
    if engine is not None:
        component.attributes["engine"] = engine.engine
    if unit.replicas is not None:
        if unit.replicas >= 1:
            component.attributes["replicas"] = str(unit.replicas)
            component.replicas = unit.replicas
            component.facts.append(Fact(0, unit.replicas_place, f"{unit.replicas_how}: {unit.replicas}"))
        else:
            component.todos.append(f"replicas: {unit.replicas_how} is 0 at {unit.replicas_place} (scaled to zero)")
    if unit.replicas_unknown:
        component.todos.append(f"replicas: {unit.replicas_unknown}")
    if unit.schedule:
        text = _quote(unit.schedule)
        if schedule_attribute:
            component.attributes["schedule"] = text
            component.facts.append(Fact(0, unit.schedule_place, f"schedule {text}"))
        else:
            component.facts.append(Fact(0, unit.schedule_place, f"schedule {text} (this archlint has no "
                                                                 f"`schedule` attribute yet)"))
    return component


class _Calls:
    """Turns mentions, routes and links into edges between components, or into notes."""

    def __init__(self, deployment: Deployment, component_of: dict[str, Component], draft: Draft, ids: _Ids):
        self.deployment, self.component_of, self.draft, self.ids = deployment, component_of, draft, ids
        self.hosts: dict[str, set[str]] = {}
        for unit in deployment.units:
            for name in {unit.name, *unit.names}:
                self.hosts.setdefault(name.lower(), set()).add(unit.name)
        for alias, names in deployment.aliases.items():
            self.hosts.setdefault(alias.lower(), set()).update(names)
        self.client: Component | None = None
        self.unresolved: dict[str, list[str]] = {}

    def from_unit(self, unit: Unit) -> None:
        source = self.component_of[unit.name]
        for setting in unit.settings:
            strength = ENV if setting.source == "env" else CLUSTER_NAME
            for mention in evidence.mentions(setting.key, setting.value):
                text = evidence.cited(setting.key, setting.value, mention.host)
                if setting.source != "env":
                    text = f"{setting.source}: {text}"
                fact = Fact(strength, setting.place, text, mention.scheme or "")
                self._mention(unit, source, mention, fact, setting.key)
        for mounted in unit.mounted:
            for target in evidence.proxy_targets(mounted.text):
                fact = Fact(PROXY, Place(mounted.file, mounted.offset + target.line), target.text)
                self._mention(unit, source, evidence.Mention(target.host, None, None), fact, "")
            for number, mention, text in evidence.urls_in_file(mounted.text):
                fact = Fact(CLUSTER_NAME, Place(mounted.file, mounted.offset + number), text, mention.scheme or "")
                self._mention(unit, source, mention, fact, "")
        for link in unit.links:
            fact = Fact(START_ORDER, link.place, f"{link.how}: {link.target} (weaker: start order, not a call)")
            targets = self._resolve(link.target.lower(), fact)
            for name in targets:
                if name != unit.name:
                    self._edge(source, self.component_of[name], fact)
        for what, place in unit.published:
            if source.kind in STORES | {"cache", "queue", "stream", "observability"}:
                self.draft.notes.append(f"{place}: {unit.name} publishes port {what} to the host; not drawn as "
                                        f"an entry: {source.kind} ports are usually opened for development")
                continue
            self._edge(self._client(), source, Fact(ROUTE, place, f"{unit.name} publishes port {what}"))

    def scraped_by(self, unit: Unit) -> None:
        """A Prometheus scrape configuration it mounts: each static target sends it metrics."""
        collector = self.component_of[unit.name]
        if collector.attributes.get("engine") != "prometheus":
            return
        for mounted in unit.mounted:
            for target in evidence.scrape_targets(mounted.text, mounted.file):
                if target.host in LOCAL_HOSTS:
                    continue  # it scrapes itself
                fact = Fact(PROXY, Place(mounted.file, mounted.offset + target.line), target.text)
                for name in self._resolve(target.host, fact):
                    if name != unit.name:
                        self._edge(self.component_of[name], collector, fact)

    def route(self, route) -> None:
        fact = Fact(route.strength, route.place, route.how)
        targets = self._resolve(route.host.lower(), fact)
        source = self.component_of[route.source] if route.source else self._client()
        for name in targets:
            self._edge(source, self.component_of[name], fact)

    def _mention(self, unit: Unit, source: Component, mention, fact: Fact, key: str) -> None:
        host = mention.host
        if host in LOCAL_HOSTS:
            return
        targets = self._resolve(host, fact, quiet=True)
        if targets:
            for name in targets:
                if name != unit.name:
                    self._edge(source, self.component_of[name], fact)
            return
        if host in self.deployment.externals:
            address, place = self.deployment.externals[host]
            self._edge(source, self._external(address), fact)
            return
        if "." in host and not host.replace(".", "").isdigit() and not _cluster_local(host) \
                and (mention.scheme or evidence.address_key(key)):
            self._edge(source, self._external(host), fact)
            return
        self._note_unresolved(host, fact)

    def _resolve(self, host: str, fact: Fact, quiet: bool = False) -> list[str]:
        names = sorted(self.hosts.get(host, ()))
        if not names and not quiet:
            self._note_unresolved(host, fact)
        return names

    def _note_unresolved(self, host: str, fact: Fact) -> None:
        why = self.deployment.absent.get(host) or "which these files do not deploy"
        self.draft.notes.append(f"{fact.place}: {fact.text}: `{host}`, {why}")

    def _edge(self, source: Component, target: Component, fact: Fact) -> None:
        edge = self.draft.edges.setdefault((source.id, target.id), Edge(source.id, target.id, "->"))
        if fact not in edge.facts:
            edge.facts.append(fact)

    def _client(self) -> Component:
        if self.client is None:
            self.client = Component(id=self.ids.take("clients"), kind="client", label="Outside callers")
            self.client.facts.append(Fact(0, None, "who calls in through the published ports and routes below"))
            self.draft.components[self.client.id] = self.client
        return self.client

    def _external(self, host: str) -> Component:
        for component in self.draft.components.values():
            if component.kind == "external" and component.label == host:
                return component
        component = Component(id=self.ids.take(host), kind="external", label=host)
        component.facts.append(Fact(0, None, f"{host} is called but not deployed by these files"))
        self.draft.components[component.id] = component
        return component


def _cluster_local(host: str) -> bool:
    return host.endswith((".local", ".internal", ".svc", ".cluster", ".localhost", ".lan", ".home"))


def _proxies_that_route(draft: Draft, component_of: dict[str, Component], units: list[Unit]) -> None:
    for unit in units:
        component = component_of[unit.name]
        if component.kind != "lb":
            continue
        targets = sorted({e.target for e in draft.edges.values()
                          if e.source == component.id and any(f.strength in (ROUTE, PROXY) for f in e.facts)})
        if len(targets) >= 2:
            component.kind = "gateway"
            component.facts.append(Fact(0, unit.image_place or unit.place,
                                        f"routes to {len(targets)} services ({', '.join(targets)}): a gateway"))


def _only_store(draft: Draft, component_of: dict[str, Component], units: list[Unit], engines) -> None:
    if any(c.kind in STORES for c in draft.components.values()):
        return
    for unit in units:
        component = component_of[unit.name]
        if component.kind == "cache" and engines.get(unit.name) in REDIS_LIKE:
            component.kind = "database"
            component.facts.append(Fact(0, unit.image_place or unit.place,
                                        "no other data store is deployed, so it is the system of record (database)"))


def _durability(component_of: dict[str, Component], units: list[Unit]) -> None:
    for unit in units:
        component = component_of[unit.name]
        if component.kind not in DURABLE_KINDS:
            continue
        if unit.data_volumes:
            target, place = unit.data_volumes[0]
            component.facts.append(Fact(0, place, f"data on a volume at {target}"))
        else:
            component.attributes["durable"] = "false"
            component.facts.append(Fact(0, unit.place, "no volume holds its data: it is lost when the "
                                                       "container is replaced (durable=false)"))


def _protocol(edge: Edge) -> None:
    schemes = set()
    for fact in edge.facts:
        if fact.strength < START_ORDER and fact.scheme:
            schemes.add(PROTOCOLS.get(fact.scheme))
    if len(schemes) == 1 and None not in schemes:
        edge.attributes["proto"] = schemes.pop()


def _todos(component: Component) -> None:
    if component.kind in ("client", "external", "observability"):
        return
    missing = ["availability", "capacity"] + (["latency"] if component.kind in ("service", "gateway", "lb") else [])
    component.todos.insert(0, f"{', '.join(missing)}: not in deployment files")


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
