"""`archlint import`: drafts from compose files and Kubernetes manifests, run as a user runs them.

The samples under tests/importers/ are our own files, each modelled on the structure of a
well-known public sample (named in its header). Real files dropped into ../shared/import-samples/
are imported too when that directory exists.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from archlint.loader import load
from conftest import ROOT, assert_no_traceback, run_cli

SAMPLES = ROOT / "tests" / "importers"
DROPPED = ROOT.parent / "shared" / "import-samples"
CLEAN_ENV = {"OPTION_A": "", "VOTE_REPLICAS": "", "POSTGRES_PASSWORD": "", "COMPOSE_PROFILES": "",
             "TAG": "", "API_REPLICAS": "", "DB_HOST": "", "SEARCH_URL": "", "DB_PASSWORD": "", "PROJECT_NAME": ""}


def imported(*args, env=None, cwd=None):
    environment = {key: value for key, value in os.environ.items() if key not in CLEAN_ENV}
    environment.update(env or {})
    process = run_cli("import", *args, env=environment, cwd=cwd)
    assert_no_traceback(process)
    return process


def draft(*args, env=None) -> str:
    process = imported(*args, env=env)
    assert process.returncode == 0, process.stderr
    return process.stdout


def design_of(text: str, tmp_path: Path):
    """The draft read back by archlint's own loader: it must load without a single diagnostic."""
    path = tmp_path / "draft.arch"
    path.write_text(text, encoding="utf-8")
    result = load(str(path))
    assert result.design is not None
    problems = [f"{f.location.line}: {f.code} {f.message}" for f in result.findings]
    assert not problems, "\n".join(problems) + "\n" + text
    return result.design


def shape(design) -> tuple[dict, dict, set]:
    kinds = {c.id: c.kind for c in design.components.values()}
    replicas = {c.id: c.replicas for c in design.components.values() if "replicas" in c.attributes}
    edges = {f"{e.source} {e.arrow} {e.target}" for e in design.edges}
    return kinds, replicas, edges


def test_the_draft_passes_archlint_check(tmp_path):
    text = draft("compose", SAMPLES / "compose" / "voting" / "compose.yaml")
    path = tmp_path / "voting.arch"
    path.write_text(text)
    process = run_cli(path, "--output-format", "json")
    assert process.returncode in (0, 1), process.stderr
    codes = {finding["code"] for finding in json.loads(process.stdout)["findings"]}
    assert not {code for code in codes if code.startswith("L")}, codes


# --- compose ----------------------------------------------------------------------------------

def test_voting_app(tmp_path):
    text = draft("compose", SAMPLES / "compose" / "voting" / "compose.yaml")
    kinds, replicas, edges = shape(design_of(text, tmp_path))
    assert kinds == {"clients": "client", "vote": "service", "result": "service", "worker": "service",
                     "redis": "cache", "db": "database"}
    assert replicas == {"vote": 2}
    assert edges == {"clients -> vote", "clients -> result", "vote -> redis", "result -> db",
                     "worker -> redis", "worker -> db"}
    # the seed job is in an inactive profile; worker's calls rest on depends_on alone
    assert "service `seed` is in profile `seed`, which is not active" in text
    worker_db = text.split("worker -> db")[0].rsplit("\n\n", 1)[-1]
    assert "depends_on: db" in worker_db and "weaker evidence only" in worker_db
    assert "compose.yaml:11: REDIS_HOST=redis" in text


def test_a_credential_is_named_never_copied(tmp_path):
    text = draft("compose", SAMPLES / "compose" / "voting" / "compose.yaml", env={"POSTGRES_PASSWORD": "hunter2-xyz"})
    assert "hunter2-xyz" not in text
    assert "DATABASE_URL names db (value not copied: it holds a credential)" in text


def test_several_files_merge_with_extends_interpolation_and_profiles(tmp_path):
    folder = SAMPLES / "compose" / "overrides"
    text = draft("compose", folder / "compose.yaml", folder / "compose.prod.yaml")
    design = design_of(text, tmp_path)
    kinds, replicas, edges = shape(design)
    assert design.title == "shop-prod"  # `name: ${PROJECT_NAME:-shop}` from .env
    assert kinds == {"clients": "client", "web": "service", "api": "service", "worker": "service",
                     "cache": "cache", "db_primary": "database", "queue": "queue",
                     "tracing_example_com": "external"}
    # replicas from the override file; `${API_REPLICAS}` read from .env, its comment stripped
    assert replicas == {"web": 3, "api": 4}
    assert edges == {"clients -> web", "web -> api", "api -> cache", "api -> db_primary",
                     "api -> tracing_example_com", "worker -> cache", "worker ~> queue",
                     "worker -> tracing_example_com"}
    assert design.components["db_primary"].label == "db-primary"
    assert "s3cr3t-from-dotenv" not in text and "guest:guest" not in text
    # worker extends api as compose.yaml defines it: the override's DB_HOST is not its
    assert "DB_HOST=db: `db`, in profile `legacy`, which is not active" in text
    assert "image registry.example.com/shop-api:2024.06" in text  # TAG from .env, quotes removed


def test_the_environment_wins_over_dotenv_and_profiles_activate(tmp_path):
    folder = SAMPLES / "compose" / "overrides"
    text = draft("compose", folder / "compose.yaml", "--profile", "debug", env={"TAG": "from-shell"})
    kinds, _, edges = shape(design_of(text, tmp_path))
    assert "debugger" in kinds and "debugger -> api" in edges
    assert "shop-api:from-shell" in text


def test_a_data_store_without_a_volume_is_not_durable(tmp_path):
    text = draft("compose", SAMPLES / "boutique" / "compose.yaml")
    design = design_of(text, tmp_path)
    cart = design.components["redis_cart"]
    # the only store deployed, so the system of record; nothing keeps its data over a restart
    assert cart.kind == "database" and cart.engine == "redis" and cart.durable is False


# --- Kubernetes -------------------------------------------------------------------------------

BOUTIQUE_EDGES = {
    "clients -> frontend", "loadgenerator -> frontend", "cartservice -> redis_cart",
    *(f"frontend -> {s}" for s in ("adservice", "cartservice", "checkoutservice", "currencyservice",
                                    "productcatalogservice", "recommendationservice", "shippingservice")),
    *(f"checkoutservice -> {s}" for s in ("cartservice", "currencyservice", "emailservice", "paymentservice",
                                           "productcatalogservice", "shippingservice")),
    "recommendationservice -> productcatalogservice",
}


def test_microservices_demo_manifests(tmp_path):
    text = draft("k8s", SAMPLES / "boutique" / "kubernetes-manifests.yaml")
    kinds, replicas, edges = shape(design_of(text, tmp_path))
    assert kinds["redis_cart"] == "database" and kinds["clients"] == "client"
    assert {k for k, v in kinds.items() if v == "service"} == {
        "frontend", "cartservice", "productcatalogservice", "currencyservice", "paymentservice",
        "shippingservice", "emailservice", "checkoutservice", "recommendationservice", "adservice", "loadgenerator"}
    assert replicas == {"frontend": 2, "productcatalogservice": 3}
    assert edges == BOUTIQUE_EDGES
    assert "Service frontend-external of type LoadBalancer" in text


def test_a_compose_file_and_its_kubernetes_twin_give_the_same_design(tmp_path):
    compose = shape(design_of(draft("compose", SAMPLES / "boutique" / "compose.yaml"), tmp_path))
    k8s = shape(design_of(draft("k8s", SAMPLES / "boutique" / "kubernetes-manifests.yaml"), tmp_path))
    assert compose == k8s


def test_nginx_proxy_with_its_mounted_configuration(tmp_path):
    text = draft("compose", SAMPLES / "compose" / "nginx-flask-mysql" / "compose.yaml")
    kinds, replicas, edges = shape(design_of(text, tmp_path))
    assert kinds == {"clients": "client", "proxy": "lb", "backend": "service", "db": "database"}
    assert replicas == {}
    assert edges == {"clients -> proxy", "proxy -> backend", "backend -> db"}
    assert "nginx-flask-mysql/proxy/nginx.conf:7: proxy_pass http://backend:8000" in text
    assert "never-copied" not in text  # the compose secret's file is not read


def test_telemetry_flows_into_observability(tmp_path):
    text = draft("compose", SAMPLES / "compose" / "prometheus-grafana" / "compose.yaml")
    design = design_of(text, tmp_path)
    kinds, _, edges = shape(design)
    assert kinds == {"clients": "client", "api": "service", "prometheus": "observability",
                     "grafana": "observability", "jaeger": "observability"}
    # scraped by the mounted prometheus.yml; traces by OTLP; a dashboard's query is a plain call
    assert edges == {"clients -> api", "api ~> prometheus", "api ~> jaeger", "grafana -> prometheus"}
    signals = {(e.source, e.target): e.signal for e in design.edges}
    assert signals[("api", "prometheus")] == ("metrics",) and signals[("api", "jaeger")] == ("traces",)
    assert "prometheus/prometheus.yml:12: scrape job api: target api:8000" in text
    assert "GF_SECURITY_ADMIN_PASSWORD" not in text


def test_istio_gateway_routes_and_versions(tmp_path):
    text = draft("k8s", SAMPLES / "istio-bookinfo")
    kinds, replicas, edges = shape(design_of(text, tmp_path))
    # reviews-v1, -v2 and -v3 share `app: reviews`: one component with their pods together
    assert kinds == {"clients": "client", "productpage": "service", "details": "service", "reviews": "service",
                     "ratings": "service"}
    assert replicas == {"productpage": 1, "details": 1, "reviews": 3, "ratings": 2}
    assert edges == {"clients -> productpage", "productpage -> details", "productpage -> reviews",
                     "reviews -> ratings"}
    assert "VirtualService bookinfo through Gateway bookinfo-gateway (/productpage, /static" in text
    assert "RATINGS_HOSTNAME=ratings.default.svc.cluster.local" in text


def test_a_plain_manifest_set(tmp_path):
    from archlint.importers import schedule_supported

    text = draft("k8s", SAMPLES / "shop")
    design = design_of(text, tmp_path)
    kinds, replicas, edges = shape(design)
    assert kinds == {
        "clients": "client", "edge": "gateway", "front_end": "service", "catalogue": "service",
        "orders": "service", "shipping": "service", "nightly_report": "worker", "session_db": "cache",
        "catalogue_db": "database", "orders_db": "database", "rabbitmq": "queue", "log_shipper": "observability",
        "api_payments_example_net": "external"}
    # an autoscaler's minimum wins over the Deployment; a count of 0 is a TODO, not a value
    assert replicas == {"edge": 2, "front_end": 2, "catalogue": 3, "orders": 2, "catalogue_db": 1}
    assert "TODO replicas: spec.replicas is 0" in text and "TODO replicas: a DaemonSet runs one pod per node" in text
    assert edges == {
        "clients -> edge", "edge -> front_end", "edge -> orders", "edge -> catalogue", "catalogue -> catalogue_db",
        "front_end -> session_db", "orders -> catalogue", "orders -> orders_db", "orders ~> rabbitmq",
        "orders -> api_payments_example_net", "shipping ~> rabbitmq", "nightly_report -> orders_db"}
    assert design.components["orders_db"].durable is False  # an emptyDir keeps nothing
    assert design.components["rabbitmq"].durable is False
    assert design.components["catalogue_db"].durable is True  # a claim template holds its data
    assert "do-not-copy-this-password" not in text and "hunter2" not in text
    assert "`search`, a Service whose selector picks no workload in these files" in text
    if schedule_supported():
        assert design.components["nightly_report"].attributes["schedule"]
    else:
        assert 'schedule "0 3 * * *" (this archlint has no `schedule` attribute yet)' in text


# --- properties -------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("compose", "tests/importers/compose/voting/compose.yaml"),
    ("compose", "tests/importers/compose/overrides/compose.yaml", "tests/importers/compose/overrides/compose.prod.yaml"),
    ("k8s", "tests/importers/boutique"),
    ("k8s", "tests/importers/shop"),
    ("k8s", "tests/importers/istio-bookinfo"),
])
def test_import_is_deterministic(args):
    first, second = draft(*args), draft(*args)
    assert first == second


@pytest.mark.parametrize("args", [
    ("compose", "tests/importers/compose/voting/compose.yaml"),
    ("compose", "tests/importers/compose/nginx-flask-mysql/compose.yaml"),
    ("compose", "tests/importers/compose/prometheus-grafana/compose.yaml"),
    ("k8s", "tests/importers/shop"),
    ("k8s", "tests/importers/istio-bookinfo"),
])
def test_the_draft_is_already_in_the_canonical_layout(args, tmp_path):
    """Importing, formatting and importing again is stable: `archlint format` changes nothing."""
    path = tmp_path / "draft.arch"
    path.write_text(draft(*args))
    process = run_cli("format", "--check", path)
    assert process.returncode == 0, process.stdout + process.stderr
    assert draft(*args) == path.read_text()


def test_importing_the_same_files_by_another_route_gives_the_same_design(tmp_path):
    """A directory and the file in it, read from another working directory: the same design."""
    by_file = shape(design_of(draft("k8s", SAMPLES / "boutique" / "kubernetes-manifests.yaml"), tmp_path))
    process = imported("k8s", str(SAMPLES / "boutique"), cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    by_directory = shape(design_of(process.stdout, tmp_path))
    assert by_file[0] == by_directory[0] and by_file[2] == by_directory[2]


# --- refusals and limits ----------------------------------------------------------------------

def _compose(tmp_path, text: str, name: str = "compose.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("services:\n  web:\n    image: nginx\n    enviroment:\n      A: b\n",
     "compose.yaml:4: service `web` has an unknown attribute `enviroment`; did you mean `environment`?"),
    ("servics:\n  web:\n    image: nginx\n", "compose.yaml:1: unknown top-level key `servics`; did you mean `services`?"),
    ("services:\n  web:\n    image: ${IMAGE:?set IMAGE to the image to run}\n",
     "compose.yaml:3: variable `IMAGE` is missing a value: set IMAGE to the image to run"),
    ("services:\n  web:\n    image: ${IMAGE\n", "compose.yaml:3: invalid interpolation"),
    ("services:\n  web:\n    extends:\n      file: https://example.com/base.yaml\n      service: web\n",
     "archlint reads local files only (no network)"),
    ("include:\n  - oci://registry.example.com/stack:1\n", "archlint reads local files only (no network)"),
    ("services:\n  a:\n    extends: b\n  b:\n    extends: a\n", "`extends` runs in a circle"),
    ("services:\n  web: [\n", "compose.yaml:3:1: not valid YAML"),
    ("services:\n  web:\n    image: nginx\n    deploy:\n      replicas: many\n",
     "compose.yaml:5: `deploy.replicas` must be a whole number, found `many`"),
    ("services:\n  web:\n    image: !!python/object/apply:os.system [id]\n", "not valid YAML"),
])
def test_what_cannot_be_read_faithfully_is_refused(tmp_path, text, message):
    process = imported("compose", _compose(tmp_path, text), cwd=tmp_path)
    assert process.returncode == 2, process.stdout
    assert message in process.stderr
    assert process.stdout == ""


def test_a_missing_or_oversized_file_is_refused(tmp_path):
    process = imported("compose", tmp_path / "absent.yaml", cwd=tmp_path)
    assert process.returncode == 2 and "absent.yaml: no such file" in process.stderr
    process = imported("k8s", tmp_path / "absent", cwd=tmp_path)
    assert process.returncode == 2 and "absent: no such file or directory" in process.stderr
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 500_000)
    process = imported("compose", big, cwd=tmp_path)
    assert process.returncode == 2 and "the limit is 4194304" in process.stderr


def test_include_and_values_passed_through_from_the_shell(tmp_path):
    (tmp_path / "db.yaml").write_text("services:\n  db:\n    image: postgres:16\n")
    main = _compose(tmp_path, "include:\n  - db.yaml\nservices:\n  app:\n    image: example/app\n"
                              "    environment:\n      - DB_HOST\n")
    process = imported("compose", main, env={"DB_HOST": "db"}, cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    kinds, _, edges = shape(design_of(process.stdout, tmp_path))
    assert kinds == {"app": "service", "db": "database"} and edges == {"app -> db"}
    clash = _compose(tmp_path, "include:\n  - db.yaml\nservices:\n  db:\n    image: mysql\n", "clash.yaml")
    process = imported("compose", clash, cwd=tmp_path)
    assert process.returncode == 2 and "service `db` is defined both in" in process.stderr


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    process = imported("compose", _compose(tmp_path, "\n".join(lines) + "\n", "bomb.yaml"), cwd=tmp_path)
    assert process.returncode == 2
    assert "expands to more than" in process.stderr


def test_a_helm_template_is_refused(tmp_path):
    chart = tmp_path / "deployment.yaml"
    chart.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n")
    process = imported("k8s", chart, cwd=tmp_path)
    assert process.returncode == 2 and "Helm template" in process.stderr


def test_the_draft_is_written_only_where_nothing_is_lost(tmp_path):
    source = SAMPLES / "compose" / "voting" / "compose.yaml"
    output = tmp_path / "design.arch"
    assert imported("compose", source, "-o", output).returncode == 0
    written = output.read_text()
    output.write_text("# my own edits\n" + written)
    process = imported("compose", source, "-o", output)
    assert process.returncode == 2 and "already exists" in process.stderr
    assert output.read_text().startswith("# my own edits")
    assert imported("compose", source, "-o", output, "--force").returncode == 0
    assert output.read_text() == written
    copy = tmp_path / "compose.yaml"
    shutil.copy(source, copy)
    process = imported("compose", copy, "-o", copy, "--force")
    assert process.returncode == 2 and "one of the files read" in process.stderr


# --- real files, when someone drops them in ---------------------------------------------------

def _dropped():
    if not DROPPED.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no {DROPPED} directory: real deployment "
                                                                 f"files can be dropped there"))]
    params = []
    for path in sorted(DROPPED.iterdir()):
        if path.is_dir():
            compose = sorted(p for p in path.iterdir() if p.name.startswith(("compose", "docker-compose"))
                             and p.suffix in (".yml", ".yaml"))
            params.append(pytest.param(("compose", *compose) if compose else ("k8s", path), id=path.name))
        elif path.suffix in (".yml", ".yaml"):
            kind = "compose" if path.name.startswith(("compose", "docker-compose")) else "k8s"
            params.append(pytest.param((kind, path), id=path.name))
    return params


@pytest.mark.parametrize("args", _dropped())
def test_dropped_real_files_import_cleanly(args, tmp_path):
    process = imported(*args, env={"COMPOSE_PROFILES": "*"})
    assert process.returncode == 0, process.stderr
    design = design_of(process.stdout, tmp_path)
    assert design.components


# --- the cost of the feature for everyone else, and its docs -----------------------------------

def test_a_plain_check_never_loads_yaml():
    import subprocess
    import sys

    code = ("import sys; from archlint.cli import run; run(['examples/url_shortener/naive.arch']); "
            "print('yaml' in sys.modules, file=sys.stderr)")
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.stderr.strip().endswith("False"), process.stderr


def test_the_docs_example_is_what_the_import_writes():
    from test_docs import fenced

    _, block = fenced(ROOT / "docs" / "import.md", "arch")[0]
    text = draft("compose", "tests/importers/compose/voting/compose.yaml")
    written = {line.replace("tests/importers/compose/voting/", "") for line in text.splitlines()}
    missing = [line for line in block.splitlines() if line.strip() and line not in written]
    assert not missing, "docs/import.md shows lines the import does not write:\n" + "\n".join(missing)


# --- the drift check --------------------------------------------------------------------------

def test_a_design_in_step_with_the_files_passes_the_drift_check(tmp_path):
    manifests = SAMPLES / "boutique" / "kubernetes-manifests.yaml"
    design = tmp_path / "design.arch"
    assert imported("k8s", manifests, "-o", design).returncode == 0
    process = imported("k8s", manifests, "--check", design)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "matches the deployment files (12 components and 17 calls compared)" in process.stdout


def test_drift_is_reported_and_fails(tmp_path):
    manifests = SAMPLES / "boutique" / "kubernetes-manifests.yaml"
    kept = draft("k8s", manifests)
    kept = kept.replace("service frontend [replicas=2]", "service frontend [replicas=4]")
    kept = kept.replace("service adservice\n", "")
    kept = kept.replace("frontend -> adservice\n", "")
    kept = kept.replace("checkoutservice -> emailservice\n", "")
    kept += "\ndatabase orders [managed=true]\nservice legacy_api\n"
    design = tmp_path / "design.arch"
    design.write_text(kept)
    process = imported("k8s", manifests, "--check", design)
    assert process.returncode == 1, process.stderr
    drift = [line.split(": drift: ", 1)[1] for line in process.stdout.splitlines() if ": drift: " in line]
    assert len(drift) == 4, process.stdout
    assert drift[0].startswith("component `adservice` (service) is deployed but not in the design (from ")
    assert drift[1] == "component `legacy_api` (service) is in the design but the files deploy nothing by that id"
    assert drift[2].startswith("replicas of `frontend`: the design says 4, the files say 2 (from ")
    assert drift[3].startswith("call `checkoutservice -> emailservice` is not in the design (from ")
    assert "4 differences from the deployment files" in process.stdout


def test_a_call_resting_on_start_order_alone_is_a_note_not_drift(tmp_path):
    compose = SAMPLES / "compose" / "voting" / "compose.yaml"
    design = tmp_path / "design.arch"
    design.write_text(draft("compose", compose).replace("worker -> db\n", ""))
    process = imported("compose", compose, "--check", design)
    assert process.returncode == 0, process.stdout
    assert "note: call `worker -> db` is not in the design" in process.stdout


def test_the_drift_check_refuses_a_design_that_does_not_load(tmp_path):
    design = tmp_path / "design.arch"
    design.write_text("service a\na -> b\n")
    process = imported("compose", SAMPLES / "compose" / "voting" / "compose.yaml", "--check", design)
    assert process.returncode == 2 and "does not load" in process.stderr


# --- any shape of input: a draft that loads, or a refusal that names the place ----------------

def _random_files():
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 5),
                        st.sampled_from(["db", "db:5432", "http://api:80/x", "redis://u:p@cache", "", "${X:-y}",
                                         "a=b", "./conf:/etc/x", "postgres:16", "nginx", "$$", "group", "2fa-app"]))
    keys = st.sampled_from(["image", "build", "environment", "ports", "volumes", "depends_on", "links", "deploy",
                            "replicas", "mode", "profiles", "extends", "networks", "aliases", "hostname", "service",
                            "target", "published", "kind", "metadata", "name", "spec", "template", "containers",
                            "env", "value", "selector", "labels", "app", "version", "rules", "http", "paths",
                            "backend", "gateways", "route", "destination", "host", "data", "envFrom"])
    trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(keys, inner, max_size=4)), max_leaves=25)
    names = st.sampled_from(["web", "db", "api", "cache", "group", "my-app", "2fa"])
    compose = st.fixed_dictionaries({"services": st.dictionaries(names, st.one_of(st.none(), trees), max_size=4)})
    kinds = st.sampled_from(["Deployment", "StatefulSet", "CronJob", "Service", "Ingress", "VirtualService",
                             "HorizontalPodAutoscaler", "ConfigMap", "DaemonSet"])
    manifest = st.fixed_dictionaries({"apiVersion": st.just("v1"), "kind": kinds,
                                      "metadata": st.one_of(trees, st.fixed_dictionaries({"name": names})),
                                      "spec": trees, "data": trees})
    return compose, st.lists(manifest, min_size=1, max_size=4)


def test_any_shape_gives_a_loadable_draft_or_a_refusal(tmp_path):
    import yaml
    from hypothesis import HealthCheck, given, settings

    from archlint.importers import ImportFailure, compose_draft, k8s_draft, write

    compose_files, manifest_sets = _random_files()

    def outcome(make) -> None:
        try:
            text = write(make())
        except ImportFailure as refusal:
            assert ":" in str(refusal)  # it names the file (and the line where it can)
            return
        design_of(text, tmp_path)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(compose_files, manifest_sets)
    def run(compose, manifests):
        path = tmp_path / "compose.yaml"
        path.write_text(yaml.safe_dump(compose))
        outcome(lambda: compose_draft([str(path)], environment={}))
        path = tmp_path / "manifests.yaml"
        path.write_text(yaml.safe_dump_all(manifests))
        outcome(lambda: k8s_draft([str(path)]))

    run()
