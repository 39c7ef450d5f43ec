"""What an image is: its kind and `engine`, from the image's own name and nothing else.

Only well-known names count, matched whole (the last part of the repository path, or a known
repository): `postgres:16-alpine` and `bitnami/postgresql` are PostgreSQL, `mongo-express` is an
admin page, not a database, and stays an application. An image this table does not know is an
application (`service`), and the draft says so.
"""

from __future__ import annotations

from typing import NamedTuple


class Engine(NamedTuple):
    kind: str
    engine: str


_ENGINES = {
    # databases
    "postgres": Engine("database", "postgres"), "postgresql": Engine("database", "postgres"),
    "postgis": Engine("database", "postgres"), "timescaledb": Engine("database", "postgres"),
    "mysql": Engine("database", "mysql"), "mysql-server": Engine("database", "mysql"),
    "mariadb": Engine("database", "mariadb"), "mongo": Engine("database", "mongodb"),
    "mongodb": Engine("database", "mongodb"), "mongodb-community-server": Engine("database", "mongodb"),
    "cassandra": Engine("database", "cassandra"), "scylla": Engine("database", "scylla"),
    "cockroach": Engine("database", "cockroachdb"), "couchdb": Engine("database", "couchdb"),
    "clickhouse-server": Engine("database", "clickhouse"), "neo4j": Engine("database", "neo4j"),
    "influxdb": Engine("database", "influxdb"), "spanner-emulator": Engine("database", "spanner"),
    "mssql/server": Engine("database", "mssql"), "cloud-spanner-emulator/emulator": Engine("database", "spanner"),
    # caches (a Redis that is the only store becomes the database: see infer.py)
    "redis": Engine("cache", "redis"), "redis-stack": Engine("cache", "redis"),
    "redis-stack-server": Engine("cache", "redis"), "valkey": Engine("cache", "valkey"),
    "keydb": Engine("cache", "keydb"), "memcached": Engine("cache", "memcached"),
    # queues and streams
    "rabbitmq": Engine("queue", "rabbitmq"), "nats": Engine("queue", "nats"),
    "nats-streaming": Engine("queue", "nats"), "activemq": Engine("queue", "activemq"),
    "artemis": Engine("queue", "activemq"), "elasticmq": Engine("queue", "sqs"),
    "kafka": Engine("stream", "kafka"), "cp-kafka": Engine("stream", "kafka"), "cp-server": Engine("stream", "kafka"),
    "redpanda": Engine("stream", "redpanda"), "pulsar": Engine("stream", "pulsar"),
    # proxies: `lb`, or `gateway` where they route to several services (infer.py)
    "nginx": Engine("lb", "nginx"), "nginx-unprivileged": Engine("lb", "nginx"), "openresty": Engine("lb", "nginx"),
    "haproxy": Engine("lb", "haproxy"), "traefik": Engine("lb", "traefik"), "envoy": Engine("lb", "envoy"),
    "caddy": Engine("lb", "caddy"), "kong": Engine("gateway", "kong"),
    # search and blobs
    "elasticsearch": Engine("search", "elasticsearch"), "opensearch": Engine("search", "opensearch"),
    "solr": Engine("search", "solr"), "meilisearch": Engine("search", "meilisearch"),
    "typesense": Engine("search", "typesense"), "minio": Engine("object_store", "minio"),
    "azurite": Engine("object_store", "azure_blob"),
    # observability
    "jaeger": Engine("observability", "jaeger"), "all-in-one": Engine("observability", "jaeger"),
    "jaegertracing/all-in-one": Engine("observability", "jaeger"), "zipkin": Engine("observability", "zipkin"),
    "prometheus": Engine("observability", "prometheus"), "grafana": Engine("observability", "grafana"),
    "loki": Engine("observability", "loki"), "tempo": Engine("observability", "tempo"),
    "opentelemetry-collector": Engine("observability", "otel"),
    "opentelemetry-collector-contrib": Engine("observability", "otel"),
    "otel-collector": Engine("observability", "otel"), "otelcol": Engine("observability", "otel"),
    "otelcol-contrib": Engine("observability", "otel"), "alertmanager": Engine("observability", "prometheus"),
    "fluentd": Engine("observability", "fluentd"), "fluent-bit": Engine("observability", "fluentbit"),
}
# names that only mean an engine under a known namespace ("all-in-one" alone means nothing)
_NAMESPACED_ONLY = {"all-in-one": "jaegertracing"}


def repository(image: str) -> str:
    """`docker.io/library/postgres:16@sha256:...` -> `library/postgres`; no registry, tag or digest."""
    name = image.split("@", 1)[0]
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # a registry host
    last = parts[-1].split(":", 1)[0]
    return "/".join([*parts[:-1], last]).lower()


def engine_of(image: str | None) -> Engine | None:
    if not image:
        return None
    path = repository(image)
    parts = path.split("/")
    if len(parts) >= 2 and "/".join(parts[-2:]) in _ENGINES:
        return _ENGINES["/".join(parts[-2:])]
    name = parts[-1]
    if name in _NAMESPACED_ONLY:
        return _ENGINES[name] if _NAMESPACED_ONLY[name] in parts[:-1] else None
    return _ENGINES.get(name)
