"""What the readers of deployment files hand to the inference: deployables and the facts about them.

A compose service and a Kubernetes workload both become a `Unit`: a name, an image, the
environment and mounted configuration its containers see, its volumes, the names it is reached
by. Each fact keeps where it was written (`Place`), so every line of the draft can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Place:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Setting:
    """One environment variable or configuration value a container sees."""

    key: str
    value: str
    place: Place
    source: str = "env"  # "env", or "configmap NAME" for a ConfigMap entry


@dataclass
class Mounted:
    """A configuration file a container mounts (an nginx.conf, a ConfigMap key).

    Line n of `text` was written at line `offset + n` of `file` (a ConfigMap's block scalar
    starts on the line after its key)."""

    file: str
    text: str
    offset: int = 0


@dataclass
class Link:
    """A reference from one unit to another by name, short of a call: depends_on, links."""

    target: str
    how: str  # "depends_on", "links"
    place: Place


@dataclass
class Route:
    """Traffic routed to a host name: an Ingress rule, a VirtualService route, a proxy_pass."""

    source: str | None  # the unit that routes (a proxy), or None for traffic from outside
    host: str
    how: str  # e.g. "Ingress `web` (path /)"
    place: Place
    strength: int


@dataclass
class Unit:
    name: str
    place: Place
    origin: str  # "service", "Deployment", "StatefulSet", "CronJob", ...
    image: str | None = None
    image_place: Place | None = None
    build: str | None = None
    replicas: int | None = None
    replicas_place: Place | None = None
    replicas_how: str = ""
    replicas_unknown: str | None = None  # why the count cannot be known (a DaemonSet, global mode)
    schedule: str | None = None
    schedule_place: Place | None = None
    data_volumes: list[tuple[str, Place]] = field(default_factory=list)  # (target, place)
    settings: list[Setting] = field(default_factory=list)
    mounted: list[Mounted] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # host names that reach it besides `name`
    published: list[tuple[str, Place]] = field(default_factory=list)  # (what, place)


@dataclass
class Deployment:
    """Everything read from the files: units, routes, and names known but not deployed."""

    title: str
    sources: list[str]
    units: list[Unit] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    # host name -> unit names it resolves to (Kubernetes Services and their DNS names)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    alias_places: dict[str, Place] = field(default_factory=dict)
    # host names that are known but deploy nothing here: name -> why (an inactive profile, ...)
    absent: dict[str, str] = field(default_factory=dict)
    # host name -> external address (a Kubernetes ExternalName Service)
    externals: dict[str, tuple[str, Place]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
