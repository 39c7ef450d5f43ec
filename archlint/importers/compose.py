"""Reading docker compose files into units, as the compose specification reads them.

Several files merge in order (mappings merge key by key, sequences append, `command`,
`entrypoint` and `healthcheck.test` are replaced, `ports`, `volumes`, `secrets` and `configs`
merge by their unique key, `!reset` and `!override` do what they say); `extends` pulls a
service from this or another local file; `${VAR:-default}` and its siblings are interpolated
from the environment, then `.env`; profiles select services. What cannot be read faithfully
(remote files, a typo in an attribute name) is refused with the reason, never guessed around.
"""

from __future__ import annotations

import os

from .interpolate import Variables, interpolate, read_env_file
from .shapes import COMPOSE_FILE, check
from .units import Deployment, Link, Mounted, Place, Setting, Unit
from .yamlfile import ImportFailure, Map, Seq, Tagged, load_documents, read_text, whole_number

TOP_LEVEL = {"version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"}
SERVICE_KEYS = {
    "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent",
    "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
    "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on",
    "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
    "driver_opts", "entrypoint", "env_file", "environment", "expose", "extends", "external_links",
    "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation",
    "label_file", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
    "mem_swappiness", "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable",
    "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
    "profiles", "provider", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets",
    "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt",
    "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes",
    "volumes_from", "working_dir",
}
REPLACED = {("command",), ("entrypoint",), ("healthcheck", "test")}
# sequences written as lists or mappings: normalised to mappings before merging
MAPPINGS = {"environment", "labels", "annotations", "extra_hosts", "sysctls", "depends_on", "networks"}
MAX_EXTENDS = 32
MAX_MOUNT_FILES = 64
MOUNTED_CONFIG = (".conf", ".template", ".cfg", ".yml", ".yaml")  # proxy and Prometheus configurations


def read(files: list[str], *, environment: dict[str, str], env_file: str | None = None,
         profiles: list[str] = (), project_directory: str | None = None) -> Deployment:
    if not files:
        raise ImportFailure("no compose file given")
    project = project_directory or os.path.dirname(os.path.abspath(files[0]))
    variables = _variables(environment, env_file, project)
    active = set(profiles) | {p.strip() for p in environment.get("COMPOSE_PROFILES", "").split(",") if p.strip()}
    model: Map | None = None
    for path in files:  # each file's includes and extends are resolved before the files merge
        document = _include(_load_file(path, variables), variables)
        services = document.get("services")
        if isinstance(services, Map):
            for name in list(services):
                services[name] = _extended(name, services, path, variables, ())
        model = document if model is None else _merge(model, document, ())
    services = model.get("services") or Map()
    if not isinstance(services, dict):
        raise ImportFailure(f"{_at(model.place('services'))}: `services` must be a mapping of service names")
    title = model.get("name")
    if not isinstance(title, str) or not title:
        title = os.path.basename(project.rstrip(os.sep)) or "compose"
    deployment = Deployment(title=str(title), sources=list(files))
    for name in sorted(variables.unset):
        deployment.notes.append(f"variable `{name}` is not set (first used at {variables.unset[name]}); read as blank")
    for name in sorted(services):
        service = services[name]
        wanted = _list(service.get("profiles"))
        if wanted and not (set(wanted) & active or "*" in active):
            why = f"in profile {', '.join(f'`{p}`' for p in wanted)}, which is not active"
            deployment.absent[name] = why
            deployment.notes.append(f"{_at(services.place(name))}: service `{name}` is {why}")
            continue
        deployment.units.append(_unit(name, service, services.place(name), project, variables))
    return deployment


# --- files, merging, extends, include ------------------------------------------------------

def _variables(environment: dict[str, str], env_file: str | None, project: str) -> Variables:
    variables = Variables(dict(environment), {})
    path = env_file or os.path.join(project, ".env")
    if env_file is None and not os.path.isfile(path):
        return variables
    for name, value, _ in read_env_file(path, variables):
        if name not in environment and value is not None:
            variables.values[name] = value
    return variables


def _load_file(path: str, variables: Variables) -> Map:
    documents = [d for d in load_documents(path) if d is not None]
    if not documents:
        return Map()
    if len(documents) > 1:
        raise ImportFailure(f"{path}: a compose file holds one YAML document, found {len(documents)}")
    document = documents[0]
    if not isinstance(document, Map):
        raise ImportFailure(f"{path}: a compose file is a mapping (services:, volumes:, ...)")
    for key in document:
        if isinstance(key, str) and (key in TOP_LEVEL or key.startswith("x-")):
            continue
        raise ImportFailure(f"{_at(document.place(key))}: unknown top-level key `{key}`{_near(key, TOP_LEVEL)}")
    check(document, COMPOSE_FILE, document.where, "")
    services = document.get("services")
    if isinstance(services, Map):
        for name, service in services.items():
            if not isinstance(name, str):
                raise ImportFailure(f"{_at(services.place(name))}: a service name is a string, found `{name}`")
            if service is None:
                services[name] = service = Map()
            _check_keys(name, service)
    return _normalise(_interpolate(document, variables, ()), ())


def _check_keys(name: str, service: Map) -> None:
    for key in service:
        if isinstance(key, str) and (key in SERVICE_KEYS or key.startswith("x-")):
            continue
        near = _near(str(key), SERVICE_KEYS)
        if near:  # a probable typo would silently lose what it holds: refuse it
            raise ImportFailure(f"{_at(service.place(key))}: service `{name}` has an unknown attribute `{key}`{near}")


def _interpolate(value, variables: Variables, path: tuple):
    if isinstance(value, Tagged):
        return Tagged(value.tag, _interpolate(value.value, variables, path))
    if isinstance(value, Map):
        for key in list(value):
            where = _at(value.place(key))
            item = value[key]
            value[key] = interpolate(item, variables, where) if isinstance(item, str) else \
                _interpolate(item, variables, (*path, key))
        return value
    if isinstance(value, Seq):
        for index, item in enumerate(value):
            where = _at(value.place(index))
            value[index] = interpolate(item, variables, where) if isinstance(item, str) else \
                _interpolate(item, variables, path)
        return value
    return value


def _normalise(document: Map, path: tuple) -> Map:
    """Lists that compose reads as mappings (environment, labels, depends_on, ...) become mappings."""
    services = document.get("services")
    if isinstance(services, Map):
        for service in services.values():
            if isinstance(service, Map):
                for key in MAPPINGS & set(service):
                    service[key] = _as_mapping(key, service[key], service.place(key))
    return document


def _as_mapping(key: str, value, place):
    if isinstance(value, Tagged):
        return Tagged(value.tag, _as_mapping(key, value.value, place))
    if not isinstance(value, Seq):
        return value
    result = Map()
    result.where, result.places = value.where, {}
    for index, item in enumerate(value):
        if key in ("depends_on", "networks"):
            name, entry = str(item), Map()
        else:
            text = str(item)
            separator = ":" if key == "extra_hosts" and "=" not in text else "="
            name, found, rest = text.partition(separator)
            entry = rest if found else None
        result[name] = entry
        result.places[name] = value.place(index)
    return result


def _merge(base, override, path: tuple):
    if isinstance(override, Tagged):
        return None if override.tag == "reset" else override.value
    if isinstance(base, Map) and isinstance(override, Map):
        result = Map()
        result.where, result.places = base.where, dict(base.places)
        result.update(base)
        for key, value in override.items():
            if isinstance(value, Tagged) and value.tag == "reset":
                result.pop(key, None)
                continue
            result[key] = _merge(base[key], value, (*path, key)) if key in base else \
                (value.value if isinstance(value, Tagged) else value)
            result.places[key] = override.place(key)
        return result
    if isinstance(base, Seq) and isinstance(override, Seq) and path[-2:] not in REPLACED and path[-1:] not in REPLACED:
        return _merge_sequences(base, override, path[-1] if path else "")
    return override


def _merge_sequences(base: Seq, override: Seq, key: str) -> Seq:
    result = Seq()
    result.where = base.where
    places = list(base.places) if hasattr(base, "places") else []
    result.extend(base)
    unique = {"ports": _port_key, "volumes": _target_key, "secrets": _target_key, "configs": _target_key}.get(key)
    for index, item in enumerate(override):
        if unique is not None:
            identity = unique(item)
            match = next((i for i, old in enumerate(result) if unique(old) == identity), None)
            if match is not None:
                result[match] = item
                places[match] = override.place(index)
                continue
        result.append(item)
        places.append(override.place(index))
    result.places = places
    return result


def _port_key(item):
    if isinstance(item, dict):
        return ("", str(item.get("host_ip", "")), str(item.get("target")), str(item.get("published", "")),
                str(item.get("protocol", "tcp")))
    return ("short", str(item))


def _target_key(item):
    if isinstance(item, dict):
        return item.get("target") or item.get("source")
    text = str(item)
    parts = text.split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _extended(name: str, services: Map, file: str, variables: Variables, chain: tuple) -> Map:
    service = services[name]
    if not isinstance(service, Map):
        raise ImportFailure(f"{_at(services.place(name))}: service `{name}` must be a mapping")
    spec = service.get("extends")
    if spec is None:
        return service
    place = service.place("extends")
    if len(chain) > MAX_EXTENDS:
        raise ImportFailure(f"{_at(place)}: `extends` nests more than {MAX_EXTENDS} deep")
    if isinstance(spec, str):
        base_name, base_file = spec, None
    elif isinstance(spec, Map) and isinstance(spec.get("service"), str):
        base_name, base_file = spec["service"], spec.get("file")
    else:
        raise ImportFailure(f"{_at(place)}: `extends` names a service: `extends: NAME` or "
                            f"`extends: {{service: NAME, file: FILE}}`")
    if base_file is not None:
        base_file = str(base_file)
        _refuse_remote(base_file, place, "extends")
        base_file = os.path.normpath(os.path.join(os.path.dirname(file), base_file))
        document = _load_file(base_file, variables)
        base_services = document.get("services") or Map()
        base_origin = base_file
    else:
        base_services, base_origin = services, file
    key = (base_origin, base_name)
    if key in chain:
        raise ImportFailure(f"{_at(place)}: `extends` runs in a circle: "
                            + " -> ".join(n for _, n in (*chain, key)))
    if base_name not in base_services:
        hint = "" if base_file else " (without `file`, `extends` names a service of the same file)"
        raise ImportFailure(f"{_at(place)}: `extends` names service `{base_name}`, which "
                            f"{base_origin} does not define{_near(base_name, base_services)}{hint}")
    base = _extended(base_name, base_services, base_origin, variables, (*chain, key))
    local = Map()
    local.where, local.places = service.where, dict(service.places)
    local.update({k: v for k, v in service.items() if k != "extends"})
    return _merge(base, local, ())


def _include(model: Map, variables: Variables) -> Map:
    entries = model.get("include")
    if not entries:
        return model
    if not isinstance(entries, Seq):
        raise ImportFailure(f"{_at(model.place('include'))}: `include` is a list of files")
    services = model.get("services") or Map()
    for index, entry in enumerate(entries):
        place = entries.place(index)
        paths = entry.get("path") if isinstance(entry, Map) else entry
        for path in _list(paths):
            path = str(path)
            _refuse_remote(path, place, "include")
            full = os.path.normpath(os.path.join(os.path.dirname(place[0]) or ".", path))
            included = _include(_load_file(full, variables), variables)
            for name, service in (included.get("services") or Map()).items():
                if name in services:
                    raise ImportFailure(f"{_at(place)}: service `{name}` is defined both in {full} and in "
                                        f"{_at(services.place(name))}; `include` does not merge services")
                services[name] = service
                services.places[name] = included["services"].place(name)
    model["services"] = services
    return model


def _refuse_remote(path: str, place, what: str) -> None:
    if "://" in path or path.startswith(("git@", "oci:")):
        raise ImportFailure(f"{_at(place)}: `{what}` names a remote file `{path}`; archlint reads local files "
                            f"only (no network): fetch it and name the local copy")


# --- one service ----------------------------------------------------------------------------

def _unit(name: str, service: Map, place, project: str, variables: Variables) -> Unit:
    unit = Unit(name=name, place=Place(*place), origin="service")
    image = service.get("image")
    if isinstance(image, str) and image:
        unit.image, unit.image_place = image, Place(*service.place("image"))
    build = service.get("build")
    if build is not None:
        unit.build = str(build.get("context", ".") if isinstance(build, Map) else build)
    _replicas(unit, service)
    for key in ("container_name", "hostname"):
        if isinstance(service.get(key), str):
            unit.names.add(service[key])
    networks = service.get("networks")
    if isinstance(networks, Map):
        for network in networks.values():
            if isinstance(network, Map):
                unit.names.update(str(alias) for alias in _list(network.get("aliases")))
    _environment(unit, service, project, variables)
    _volumes(unit, service, project)
    depends = service.get("depends_on")
    if isinstance(depends, Map):
        for target in depends:
            unit.links.append(Link(str(target), "depends_on", Place(*depends.place(target))))
    links = service.get("links")
    if isinstance(links, Seq):
        for index, link in enumerate(links):
            unit.links.append(Link(str(link).split(":")[0], "links", Place(*links.place(index))))
    ports = service.get("ports")
    if isinstance(ports, Seq):
        for index, port in enumerate(ports):
            published = _published(port)
            if published:
                unit.published.append((published, Place(*ports.place(index))))
    return unit


def _replicas(unit: Unit, service: Map) -> None:
    deploy = service.get("deploy")
    if isinstance(deploy, Map):
        if deploy.get("mode") == "global":
            unit.replicas_unknown = "deploy.mode is global: one container per node"
            return
        if "replicas" in deploy:
            unit.replicas = whole_number(deploy["replicas"], _at(deploy.place("replicas")), "deploy.replicas")
            unit.replicas_place, unit.replicas_how = Place(*deploy.place("replicas")), "deploy.replicas"
            return
    if "scale" in service:
        unit.replicas = whole_number(service["scale"], _at(service.place("scale")), "scale")
        unit.replicas_place, unit.replicas_how = Place(*service.place("scale")), "scale"


def _environment(unit: Unit, service: Map, project: str, variables: Variables) -> None:
    seen: dict[str, Setting] = {}
    env_files = service.get("env_file")
    for index, entry in enumerate(_list(env_files)):
        path = entry.get("path") if isinstance(entry, dict) else entry
        required = entry.get("required", True) if isinstance(entry, dict) else True
        full = os.path.normpath(os.path.join(project, str(path)))
        if not os.path.isfile(full):
            if required in (False, "false"):
                continue
            place = env_files.place(index) if isinstance(env_files, Seq) else service.place("env_file")
            raise ImportFailure(f"{_at(place)}: env_file `{path}` does not exist")
        for key, value, line in read_env_file(full):
            if value is not None:
                seen[key] = Setting(key, value, Place(_shown(full), line))
    environment = service.get("environment")
    if isinstance(environment, Map):
        for key, value in environment.items():
            if value is None:  # `- KEY` alone: compose passes the value it sees itself
                value = variables.get(str(key))
                if value is None:
                    continue
            seen[str(key)] = Setting(str(key), _scalar(value), Place(*environment.place(key)))
    unit.settings.extend(seen[key] for key in sorted(seen))


def _volumes(unit: Unit, service: Map, project: str) -> None:
    volumes = service.get("volumes")
    if not isinstance(volumes, Seq):
        return
    for index, volume in enumerate(volumes):
        place = Place(*volumes.place(index))
        if isinstance(volume, Map):
            kind, source, target = volume.get("type", "volume"), volume.get("source"), volume.get("target")
        else:
            parts = str(volume).split(":")
            if len(parts) == 1:
                kind, source, target = "volume", None, parts[0]
            else:
                source, target = parts[0], parts[1]
                kind = "bind" if source.startswith((".", "/", "~")) else "volume"
        if not target or kind == "tmpfs":
            continue
        target = str(target)
        if kind == "bind" and source:
            _read_mount(unit, os.path.normpath(os.path.join(project, str(source))), target, place, project)
        if _holds_data(target):
            unit.data_volumes.append((target, place))


CONFIG_SUFFIXES = (".conf", ".cnf", ".cfg", ".ini", ".sql", ".sh", ".js", ".json", ".yml", ".yaml", ".toml",
                   ".xml", ".properties", ".template", ".lua", ".py", ".rb", ".pem", ".crt", ".key", ".txt")


def _holds_data(target: str) -> bool:
    """A volume holds data unless it mounts a configuration file or an init-script directory."""
    lowered = target.lower().rstrip("/")
    if lowered.endswith(CONFIG_SUFFIXES) or "docker-entrypoint-init" in lowered:
        return False
    return not lowered.startswith(("/etc/", "/run/", "/var/run/", "/docker-entrypoint", "/usr/share/nginx/html"))


def _read_mount(unit: Unit, source: str, target: str, place: Place, project: str) -> None:
    """Keep the text of a mounted configuration file (or directory of them) inside the project."""
    if not _inside(source, project):
        return
    if os.path.isdir(source):
        names = sorted(n for n in os.listdir(source) if n.endswith(MOUNTED_CONFIG))
        paths = [os.path.join(source, n) for n in names[:MAX_MOUNT_FILES]]
    elif os.path.isfile(source) and source.endswith(MOUNTED_CONFIG):
        paths = [source]
    else:
        return
    for path in paths:
        unit.mounted.append(Mounted(_shown(path), read_text(path, "mounted file")))


def _inside(path: str, root: str) -> bool:
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _published(port) -> str | None:
    if isinstance(port, dict):
        published = port.get("published")
        return f"{published}:{port.get('target')}" if published not in (None, "") else None
    text = str(port).split("/")[0]
    parts = text.rsplit(":", 2)
    return text if len(parts) >= 2 and parts[-2] else None


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _at(place) -> str:
    file, line = place
    return f"{file}:{line}" if line else file


def _near(word: str, candidates) -> str:
    from ..diagnostics import did_you_mean

    near = did_you_mean(word, [str(c) for c in candidates])
    return f"; did you mean `{near}`?" if near else ""


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
