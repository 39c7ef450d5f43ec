"""Finding the names of other services in configuration values, without copying secrets.

A value names a host when it is a URL (`postgres://db:5432/app`, `jdbc:mysql://db/x`), a
`host:port` pair, or, under a key that says it holds an address (`DB_HOST`, `BROKERS`,
`CART_SERVICE_ADDR`), a bare host name. A word that merely resembles a service name under any
other key (`MODE=worker`) names nothing. A value whose key or content looks like a credential
is cited by its key alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_URL = re.compile(r"(?:jdbc:)?([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s\"'`<>]*)")
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*"
_HOST_PORT = re.compile(rf"({_HOST}):(\d{{1,5}})")
_BARE_HOST = re.compile(_HOST)
_ADDRESS_WORDS = {"HOST", "HOSTS", "HOSTNAME", "ADDR", "ADDRESS", "ADDRESSES", "SERVER", "SERVERS", "BROKER",
                  "BROKERS", "ENDPOINT", "ENDPOINTS", "URL", "URLS", "URI", "DSN", "UPSTREAM", "BACKEND",
                  "SERVICE", "TARGET", "NODES", "SEEDS", "PEERS", "BOOTSTRAP", "AGENT", "COLLECTOR", "CONNECT"}
_SECRET_WORDS = {"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "KEY", "APIKEY",
                 "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE", "SALT", "SIGNATURE", "CERT", "COOKIE"}
_SECRET_QUERY = re.compile(r"(?i)[?&;](?:password|passwd|pwd|secret|token|key|apikey|api_key|auth|sig)[^=&]*=")
MAX_VALUE = 64 * 1024


class Mention(NamedTuple):
    host: str
    port: str | None
    scheme: str | None


def words(key: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", key) if w]


def secret_key(key: str) -> bool:
    return any(w.upper() in _SECRET_WORDS for w in words(key))


def holds_secret(key: str, value: str) -> bool:
    """A credential by its key (DB_PASSWORD), or in the value (user:pass@host, ?token=...)."""
    if secret_key(key):
        return True
    for match in _URL.finditer(value):
        if "@" in match.group(2) and ":" in match.group(2).rsplit("@", 1)[0]:
            return True
    return bool(_SECRET_QUERY.search(value))


def address_key(key: str) -> bool:
    return any(w.upper() in _ADDRESS_WORDS for w in words(key))


def mentions(key: str, value: str) -> list[Mention]:
    """The hosts a configuration value names, in the order written."""
    value = value[:MAX_VALUE]
    found: list[Mention] = []
    rest = value
    for match in _URL.finditer(value):
        netloc = match.group(2).rsplit("@", 1)[-1]
        for part in netloc.split(","):
            host, _, port = part.partition(":")
            if host.startswith("["):  # an IPv6 literal names no service
                continue
            if _BARE_HOST.fullmatch(host):
                found.append(Mention(host.lower(), port or None, match.group(1).lower()))
        rest = rest.replace(match.group(0), " ")
    for token in re.split(r"[\s,;]+", rest):
        token = token.strip("\"'()[]{}")
        if not token:
            continue
        pair = _HOST_PORT.fullmatch(token)
        if pair and not pair.group(1).replace(".", "").isdigit():
            found.append(Mention(pair.group(1).lower(), pair.group(2), None))
        elif address_key(key) and _BARE_HOST.fullmatch(token) and not token.replace(".", "").isdigit() \
                and not token.isdigit():
            found.append(Mention(token.lower(), None, None))
    return found


def urls_in_file(text: str):
    """(line, mention, citation) for each URL in a configuration file, proxy directives aside
    (`proxy_targets` reads those). Lines under a credential-looking key are cited by key alone."""
    for number, line in enumerate(text[:MAX_VALUE * 16].splitlines(), start=1):
        if _PASS_LINE.search(line) or "://" not in line:
            continue
        key = re.split(r"[=:]", line.strip(), maxsplit=1)[0] if re.match(r"\s*[\w.-]+\s*[=:]", line) else ""
        for match in _URL.finditer(line):
            for mention in mentions("", match.group(0)):
                if holds_secret(key, line):
                    yield number, mention, f"{key.strip() or 'a line'} names {mention.host} " \
                                           f"(value not copied: it holds a credential)"
                else:
                    yield number, mention, _short(line.strip())


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def cited(key: str, value: str, host: str) -> str:
    """How the draft cites a setting: `KEY=value`, or only its key when it holds a credential."""
    if holds_secret(key, value):
        return f"{key} names {host} (value not copied: it holds a credential)"
    shown = value if len(value) <= 80 else value[:77] + "..."
    if "\n" in shown:
        return f"{key} names {host}"
    return f"{key}={shown}"


# --- proxy configurations -------------------------------------------------------------------

_DIRECTIVE = r"(?:^|(?<=[;{}\s]))"  # a directive starts a line or follows `;`, `{`, `}` or a space
_PASS_LINE = re.compile(_DIRECTIVE + r"(proxy_pass|grpc_pass|fastcgi_pass|uwsgi_pass|scgi_pass)\s")
_PASS = re.compile(_DIRECTIVE + r"(proxy_pass|grpc_pass|fastcgi_pass|uwsgi_pass|scgi_pass)\s+([^;\s]+)\s*;", re.M)
_UPSTREAM = re.compile(_DIRECTIVE + r"upstream\s+([A-Za-z0-9_.-]+)\s*\{", re.M)
_SERVER = re.compile(_DIRECTIVE + r"server\s+([^;\s]+)[^;]*;", re.M)
_HAPROXY_SERVER = re.compile(r"^\s*server\s+\S+\s+([^\s;]+)", re.M)


class ProxyTarget(NamedTuple):
    host: str
    line: int
    text: str


def proxy_targets(text: str) -> list[ProxyTarget]:
    """Hosts an nginx configuration passes requests to (through `upstream` blocks too), or that
    an haproxy `backend` lists as servers."""
    text = re.sub(r"#[^\n]*", "", text[:MAX_VALUE * 16])
    upstreams: dict[str, list[tuple[str, int]]] = {}
    for match in _UPSTREAM.finditer(text):
        end = text.find("}", match.end())
        body_start = match.end()
        body = text[body_start:end if end >= 0 else len(text)]
        for server in _SERVER.finditer(body):
            host = _host_of(server.group(1))
            if host:
                upstreams.setdefault(match.group(1), []).append(
                    (host, text.count("\n", 0, body_start + server.start(1)) + 1))
    targets = []
    for match in _PASS.finditer(text):
        line = text.count("\n", 0, match.start(2)) + 1
        directive = f"{match.group(1)} {match.group(2)}"
        host = _host_of(match.group(2))
        if host in upstreams:
            targets.extend(ProxyTarget(h, line, f"{directive} (upstream {host}: server {h})")
                           for h, _ in upstreams[host])
        elif host and not host.startswith("$"):
            targets.append(ProxyTarget(host, line, directive))
    if re.search(r"^\s*backend\s", text, re.M):
        for match in _HAPROXY_SERVER.finditer(text):
            host = _host_of(match.group(1))
            if host:
                targets.append(ProxyTarget(host, text.count("\n", 0, match.start(1)) + 1,
                                           f"server {match.group(1)}"))
    return targets


def _host_of(target: str) -> str | None:
    target = target.strip()
    if target.startswith(("unix:", "$")):
        return None
    target = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", target)
    host = re.split(r"[:/]", target, maxsplit=1)[0]
    return host.lower() if _BARE_HOST.fullmatch(host) and not host.replace(".", "").isdigit() else None


def scrape_targets(text: str, file: str) -> list[ProxyTarget]:
    """The hosts a Prometheus configuration scrapes (`static_configs` targets)."""
    if "scrape_configs" not in text:
        return []
    from .yamlfile import ImportFailure, Map, Seq, load_documents

    try:
        documents = load_documents(file, text)
    except ImportFailure:
        return []  # not YAML after all: a configuration of something else
    found = []
    for document in documents:
        jobs = document.get("scrape_configs") if isinstance(document, Map) else None
        for job in jobs if isinstance(jobs, Seq) else []:
            statics = job.get("static_configs") if isinstance(job, Map) else None
            for static in statics if isinstance(statics, Seq) else []:
                targets = static.get("targets") if isinstance(static, Map) else None
                for index, target in enumerate(targets if isinstance(targets, Seq) else []):
                    host = _host_of(str(target))
                    if host:
                        name = job.get("job_name", "")
                        found.append(ProxyTarget(host, targets.place(index)[1],
                                                 f"scrape job {name}: target {target}"))
    return found
