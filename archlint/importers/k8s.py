"""Reading Kubernetes manifests into units: workloads, the Services that reach them, the routes in.

Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, bare Pods) become
units; init containers and sidecars stay inside their pod. A Service's name and its cluster DNS
names (`cart`, `cart.shop`, `cart.shop.svc.cluster.local`) reach the workloads its selector
picks. ConfigMaps are read where a workload uses them; Secrets never are. Ingress rules,
LoadBalancer and NodePort Services, and Istio VirtualServices bound to a Gateway are the ways in;
a HorizontalPodAutoscaler's minimum is the replica count. Helm templates and kustomize overlays
are refused: they are not manifests until rendered.
"""

from __future__ import annotations

import os

from .draft import ROUTE
from .units import Deployment, Mounted, Place, Route, Setting, Unit
from .yamlfile import ImportFailure, Map, Seq, load_documents, read_text, whole_number

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}
MAX_FILES = 5000
CLUSTER_DOMAIN = "cluster.local"


def read(paths: list[str]) -> Deployment:
    objects, skipped = [], []
    for path, named in _files(paths):
        text = read_text(path)
        if "{{" in text and "}}" in text:
            raise ImportFailure(f"{path}: looks like a Helm template (`{{{{ ... }}}}`); render it first "
                                f"(`helm template ...`) and import the output")
        documents = load_documents(path, text)
        if not named and not all(_manifest(d) for d in documents):
            skipped.append(path)  # found in a directory, not a manifest (a compose file, values.yaml)
            continue
        for document in documents:
            objects.extend(_objects(document, path))
    title = os.path.basename(os.path.normpath(paths[0])) or "kubernetes"
    title = os.path.splitext(title)[0] if os.path.isfile(paths[0]) else title
    deployment = _Reader(objects, title, paths).deployment
    deployment.notes += [f"{path}: not a Kubernetes manifest; skipped" for path in skipped]
    return deployment


def _manifest(document) -> bool:
    return document is None or isinstance(document, Map) and isinstance(document.get("kind"), str) \
        and "apiVersion" in document


def _files(paths: list[str]) -> list[tuple[str, bool]]:
    """(path, named on the command line) of every manifest file, directories walked in name order."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirectories, names in os.walk(path):
                subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
                files += [(os.path.join(directory, n), False) for n in sorted(names)
                          if n.endswith((".yaml", ".yml", ".json"))]
        elif os.path.exists(path):
            files.append((path, True))
        else:
            raise ImportFailure(f"{path}: no such file or directory")
        if len(files) > MAX_FILES:
            raise ImportFailure(f"{path}: more than {MAX_FILES} manifest files")
    if not files:
        raise ImportFailure(f"{', '.join(paths)}: no manifest files (.yaml, .yml, .json) found")
    return files


def _objects(document, path: str) -> list[Map]:
    if document is None:
        return []
    if not isinstance(document, Map) or not isinstance(document.get("kind"), str):
        where = f"{path}:{document.where[1]}" if isinstance(document, (Map, Seq)) else path
        raise ImportFailure(f"{where}: not a Kubernetes object (no `kind`)")
    if document["kind"] == "Kustomization":
        raise ImportFailure(f"{path}: a kustomization; render it first (`kubectl kustomize DIR`) and import "
                            f"the output")
    if document["kind"].endswith("List") and isinstance(document.get("items"), Seq):
        return [item for entry in document["items"] for item in _objects(entry, path)]
    return [document]


def _name(obj: Map) -> tuple[str, str]:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), Map) else Map()
    return str(metadata.get("name", "")), str(metadata.get("namespace") or "default")


def _map(value) -> Map:
    return value if isinstance(value, Map) else Map()


def _seq(value) -> Seq:
    return value if isinstance(value, Seq) else Seq()


def _place(container, key=None) -> Place:
    if key is not None and isinstance(container, (Map, Seq)):
        return Place(*container.place(key))
    return Place(*container.where) if isinstance(container, (Map, Seq)) else Place("", 0)


class _Reader:
    def __init__(self, objects: list[Map], title: str, paths: list[str]):
        self.deployment = Deployment(title=title, sources=list(paths))
        self.config_maps = {(*_name(o),): o for o in objects if o["kind"] == "ConfigMap"}
        self.units: dict[tuple[str, str], Unit] = {}
        self.labels: dict[tuple[str, str], dict] = {}
        workloads = [o for o in objects if o["kind"] in WORKLOADS]
        names = [_name(o)[0] for o in workloads]
        for obj in workloads:
            name, namespace = _name(obj)
            shown = name if names.count(name) == 1 else f"{name}.{namespace}"
            self._workload(obj, shown, namespace)
        self._merge_versions()
        for obj in objects:
            handler = {"Service": self._service, "HorizontalPodAutoscaler": self._autoscaler,
                       "Ingress": self._ingress, "VirtualService": self._virtual_service}.get(obj["kind"])
            if handler:
                handler(obj)
        self.deployment.units = sorted(self.units.values(), key=lambda u: u.name)

    # --- workloads ---------------------------------------------------------------------------

    def _workload(self, obj: Map, name: str, namespace: str) -> None:
        kind, spec = obj["kind"], _map(obj.get("spec"))
        unit = Unit(name=name, place=_place(obj), origin=kind)
        if kind == "CronJob":
            job = _map(_map(spec.get("jobTemplate")).get("spec"))
            template = _map(job.get("template"))
            if isinstance(spec.get("schedule"), str):
                unit.schedule, unit.schedule_place = spec["schedule"], _place(spec, "schedule")
        elif kind == "Pod":
            template = obj
        else:
            template = _map(spec.get("template"))
        if kind in ("Deployment", "StatefulSet", "ReplicaSet"):
            if "replicas" in spec:
                unit.replicas_place, unit.replicas_how = _place(spec, "replicas"), "spec.replicas"
                unit.replicas = whole_number(spec["replicas"], str(unit.replicas_place), "spec.replicas")
        elif kind == "DaemonSet":
            unit.replicas_unknown = "a DaemonSet runs one pod per node"
        pod = _map(template.get("spec"))
        self.labels[(namespace, name)] = dict(_map(_map(template.get("metadata")).get("labels")))
        containers = [c for c in _seq(pod.get("containers")) if isinstance(c, Map)]
        main = next((c for c in containers if c.get("name") == _name(obj)[0]), containers[0] if containers else None)
        if main is not None and isinstance(main.get("image"), str):
            unit.image, unit.image_place = main["image"], _place(main, "image")
        volumes = {str(v.get("name")): v for v in _seq(pod.get("volumes")) if isinstance(v, Map)}
        claims = {str(_name(t)[0]) for t in _seq(spec.get("volumeClaimTemplates")) if isinstance(t, Map)}
        for container in containers:
            self._environment(unit, container, namespace)
            self._mounts(unit, container, volumes, claims, namespace)
        self.units[(namespace, name)] = unit

    def _environment(self, unit: Unit, container: Map, namespace: str) -> None:
        for entry in _seq(container.get("envFrom")):
            reference = _map(_map(entry).get("configMapRef"))
            config = self.config_maps.get((str(reference.get("name")), namespace))
            if config is not None:
                data = _map(config.get("data"))
                prefix = str(_map(entry).get("prefix") or "")
                for key in sorted(data, key=str):
                    unit.settings.append(Setting(prefix + str(key), _text(data[key]), _place(data, key),
                                                 f"ConfigMap {_name(config)[0]}"))
        env = _seq(container.get("env"))
        for index, entry in enumerate(env):
            if not isinstance(entry, Map) or not isinstance(entry.get("name"), str):
                continue
            if "value" in entry:
                unit.settings.append(Setting(entry["name"], _text(entry["value"]), _place(env, index)))
                continue
            reference = _map(_map(entry.get("valueFrom")).get("configMapKeyRef"))
            config = self.config_maps.get((str(reference.get("name")), namespace))
            data = _map(config.get("data")) if config is not None else Map()
            key = reference.get("key")
            if key in data:
                unit.settings.append(Setting(entry["name"], _text(data[key]), _place(data, key),
                                             f"ConfigMap {_name(config)[0]}"))

    def _mounts(self, unit: Unit, container: Map, volumes: dict, claims: set, namespace: str) -> None:
        from .compose import _holds_data

        for mount in _seq(container.get("volumeMounts")):
            if not isinstance(mount, Map):
                continue
            name, path = str(mount.get("name")), str(mount.get("mountPath", ""))
            volume = volumes.get(name, Map())
            if name in claims or "persistentVolumeClaim" in volume or "hostPath" in volume:
                if _holds_data(path):
                    unit.data_volumes.append((path, _place(mount)))
                continue
            reference = _map(volume.get("configMap"))
            config = self.config_maps.get((str(reference.get("name")), namespace))
            if config is None:
                continue
            data = _map(config.get("data"))
            for key in sorted(data, key=str):
                text = _text(data[key])
                if "\n" in text:
                    unit.mounted.append(Mounted(_place(data, key).file, text, _place(data, key).line))

    def _merge_versions(self) -> None:
        """Workloads labelled with `app` and `version` (Istio's convention) are one component per
        app, named by it: reviews-v1, reviews-v2 and reviews-v3 are `reviews`, details-v1 is `details`."""
        groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key, labels in self.labels.items():
            if labels.get("app") and labels.get("version"):
                groups.setdefault((key[0], str(labels["app"])), []).append(key)
        for (namespace, app), keys in sorted(groups.items()):
            if (namespace, app) in self.units and [(namespace, app)] != keys:
                continue
            keys = sorted(keys)
            members = [self.units.pop(k) for k in keys]
            first = members[0]
            if len(members) == 1:
                first.name = app
                self.units[(namespace, app)] = first
                self.labels[(namespace, app)] = self.labels.pop(keys[0])
                continue
            merged = Unit(name=app, place=first.place, origin=first.origin, image=first.image,
                          image_place=first.image_place)
            counts = [m.replicas if m.replicas is not None else 1 for m in members]
            merged.replicas, merged.replicas_place = sum(counts), first.replicas_place or first.place
            merged.replicas_how = "versions " + " + ".join(f"{m.name} ({c})" for m, c in zip(members, counts))
            for member in members:
                merged.settings += member.settings
                merged.mounted += member.mounted
                merged.data_volumes += member.data_volumes
            self.units[(namespace, app)] = merged
            common = self.labels.pop(keys[0])
            for key in keys[1:]:
                other = self.labels.pop(key)
                common = {k: v for k, v in common.items() if other.get(k) == v}
            self.labels[(namespace, app)] = common

    # --- how workloads are reached ------------------------------------------------------------

    def _service(self, obj: Map) -> None:
        name, namespace = _name(obj)
        spec = _map(obj.get("spec"))
        aliases = _dns_names(name, namespace)
        if spec.get("type") == "ExternalName" and isinstance(spec.get("externalName"), str):
            for alias in aliases:
                self.deployment.externals[alias] = (spec["externalName"].lower(), _place(spec, "externalName"))
            return
        selector = dict(_map(spec.get("selector")))
        targets = {unit.name for key, unit in self.units.items()
                   if key[0] == namespace and selector and _selects(selector, self.labels.get(key, {}))}
        if not targets:
            for alias in aliases:
                self.deployment.absent.setdefault(alias, f"a Service whose selector picks no workload in these files")
            return
        for alias in aliases:
            self.deployment.aliases.setdefault(alias, set()).update(targets)
        kind = spec.get("type")
        if kind in ("LoadBalancer", "NodePort"):
            self.deployment.routes.append(Route(None, f"{name}.{namespace}", f"Service {name} of type {kind}",
                                                _place(spec, "type"), ROUTE))

    def _autoscaler(self, obj: Map) -> None:
        name, namespace = _name(obj)
        spec = _map(obj.get("spec"))
        target = _map(spec.get("scaleTargetRef"))
        unit = self.units.get((namespace, str(target.get("name"))))
        if unit is None:
            return
        unit.replicas_place = _place(spec, "minReplicas") if "minReplicas" in spec else _place(obj)
        unit.replicas = whole_number(spec.get("minReplicas", 1), str(unit.replicas_place), "minReplicas")
        unit.replicas_unknown = None
        maximum = spec.get("maxReplicas")
        unit.replicas_how = f"HorizontalPodAutoscaler {name} minReplicas" + (f" (up to {maximum})" if maximum else "")

    def _ingress(self, obj: Map) -> None:
        name, namespace = _name(obj)
        spec = _map(obj.get("spec"))
        for key in ("defaultBackend", "backend"):
            if key in spec:
                self._backend(_map(spec[key]), namespace, f"Ingress {name} default backend", _place(spec, key))
        for rule in _seq(spec.get("rules")):
            rule = _map(rule)
            host = rule.get("host", "*")
            paths = _seq(_map(rule.get("http")).get("paths"))
            for index, path in enumerate(paths):
                path = _map(path)
                where = f"Ingress {name} (host {host}, path {path.get('path', '/')})"
                self._backend(_map(path.get("backend")), namespace, where, _place(paths, index))

    def _backend(self, backend: Map, namespace: str, how: str, place: Place) -> None:
        service = _map(backend.get("service")).get("name") or backend.get("serviceName")
        if isinstance(service, str):
            self.deployment.routes.append(Route(None, f"{service}.{namespace}", how, place, ROUTE))

    def _virtual_service(self, obj: Map) -> None:
        name, namespace = _name(obj)
        spec = _map(obj.get("spec"))
        gateways = [str(g) for g in _seq(spec.get("gateways")) if str(g) != "mesh"]
        if not gateways:
            return  # mesh-internal routing: the callers' own configuration shows those calls
        for protocol in ("http", "tcp", "tls"):
            for route in _seq(spec.get(protocol)):
                route = _map(route)
                matches = [str(_map(_map(m).get("uri")).get("prefix") or _map(_map(m).get("uri")).get("exact") or "")
                           for m in _seq(route.get("match"))]
                destinations = _seq(route.get("route"))
                for index, destination in enumerate(destinations):
                    host = _map(_map(destination).get("destination")).get("host")
                    if not isinstance(host, str):
                        continue
                    host = host if "." in host else f"{host}.{namespace}"
                    shown = ", ".join(m for m in matches if m)
                    how = f"VirtualService {name} through Gateway {', '.join(gateways)}"
                    how += f" ({shown})" if shown else ""
                    self.deployment.routes.append(Route(None, host, how, _place(destinations, index), ROUTE))


def _selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def _dns_names(name: str, namespace: str) -> list[str]:
    return [name, f"{name}.{namespace}", f"{name}.{namespace}.svc", f"{name}.{namespace}.svc.{CLUSTER_DOMAIN}"]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
