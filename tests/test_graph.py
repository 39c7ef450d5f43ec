"""The graph: the NetworkX view of a design and the queries the rules share."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import networkx
from hypothesis import given, settings, strategies as st

from archlint.cycles import first_cycle, strongly_connected
from archlint.graph import DesignGraph, format_path
from archlint.linter import lint_text

DESIGN = """
client browser
lb alb [managed=true]
region eu {
  zone eu_a {
    service api [replicas=3]
  }
  service search_api [replicas=2, zones=[a, b]]
  database db [mode=primary_replica, replicas=2, zones=2]
  database db_ro [replica_of=db]
  cache hot
  queue jobs
  worker resizer
  object_store images
}
external stripe
observability metrics
service batch
browser -> alb -> api -> db
api -> hot [optional=true]
api -> search_api -> db_ro
api -> stripe
api ~> jobs ~> resizer -> images
resizer -> api
api ~> metrics [signal=metrics]
batch -> db
"""


def _graph(text=DESIGN) -> DesignGraph:
    result = lint_text(textwrap.dedent(text), "g.arch", isolated=True, select=["L"])
    assert not result.findings, result.findings
    (design,) = result.designs
    return DesignGraph(design)


def test_networkx_view_has_every_component_and_edge_keyed_by_arrow():
    graph = _graph()
    nx = graph.nx
    assert set(nx.nodes) == set(graph.design.components)
    assert nx.number_of_edges() == len(graph.design.edges)
    assert nx.has_edge("api", "jobs", key="~>") and not nx.has_edge("api", "jobs", key="->")
    assert nx.nodes["db"]["kind"] == "database"
    assert nx.edges["api", "db", "->"]["edge"].source == "api"


def test_entry_points_are_the_clients():
    assert _graph().entry_points() == ["browser"]


def test_without_clients_the_uncalled_edge_tier_enters():
    graph = _graph("lb ingress\nservice api\nservice lonely\ningress -> api\n")
    assert graph.entry_points() == ["ingress"]


def test_request_needs_follow_required_sync_calls_and_publishes():
    needs = _graph().request_needs()
    assert {"browser", "alb", "api", "db", "search_api", "db_ro", "stripe", "jobs"} <= set(needs)
    assert "hot" not in needs  # optional
    assert "resizer" not in needs and "images" not in needs  # behind the queue: the work's
    assert "metrics" not in needs and "batch" not in needs


def test_work_needs_start_at_consumers():
    graph = _graph()
    work = graph.work_needs()
    assert {"resizer", "images"} <= set(work)
    assert graph.witness(work, "images") == ["jobs", "resizer", "images"]


def test_witness_is_a_shortest_path_from_the_client():
    graph = _graph()
    assert graph.witness(graph.request_needs(), "db_ro") == ["browser", "alb", "api", "search_api", "db_ro"]


def test_witness_ends_on_cycles_through_queues():
    graph = _graph()
    # resizer -> api closes a loop api ~> jobs ~> resizer -> api; the witness still ends.
    assert graph.witness(graph.work_needs(), "api")[0] == "jobs"


def test_redundancy_and_its_evidence():
    graph = _graph()
    components = graph.design.components
    assert graph.redundancy(components["alb"]).evidence == "managed"
    assert graph.redundancy(components["api"]).redundant
    assert graph.redundancy(components["db"]).redundant
    assert graph.redundancy(components["db_ro"]).evidence == "replica of `db`"
    lone = graph.redundancy(components["hot"])
    assert not lone.redundant and lone.evidence == "1 replica (no `replicas` given)"


def test_zone_span_from_attribute_list_or_zone_group():
    graph = _graph()
    components = graph.design.components
    assert graph.zone_span(components["api"]).evidence == "it sits in zone `eu_a`"
    assert graph.zone_span(components["search_api"]).zones == 2
    assert graph.zone_span(components["hot"]).evidence == "no `zones` given"
    assert graph.failure_domains(components["api"]) == ["eu_a", "eu"]


def test_callees_are_the_required_sync_calls():
    graph = _graph()
    assert graph.callees("api") == ["db", "search_api", "stripe"]  # `hot` is optional
    assert graph.callees("browser") == ["alb"]


def test_indexes():
    graph = _graph()
    assert [e.target for e in graph.outgoing_index()["resizer"]] == ["images", "api"]
    assert [e.source for e in graph.telemetry_targets()["api"]] == ["api"]


def test_format_path_elides_long_paths():
    assert format_path(["a", "b", "c"]) == "a -> b -> c"
    assert format_path([str(i) for i in range(10)]) == "0 -> 1 -> ... -> 7 -> 8 -> 9"


def test_entry_paths_go_through_the_traffic_tier_to_the_application():
    graph = _graph("""
        client browser
        external partner
        cdn edge
        lb alb
        gateway gw
        service api
        service admin
        object_store site
        database db
        browser -> edge -> site
        browser -> alb -> gw -> api -> db
        partner -> admin
        partner -> db
        """)
    paths = {(p.caller, p.application): [e.element_id for e in p.edges] for p in graph.entry_paths()}
    assert paths == {
        ("browser", "api"): ["browser->alb", "alb->gw", "gw->api"],
        ("partner", "admin"): ["partner->admin"],
    }


def test_required_cycles_one_per_strongly_connected_set_in_declaration_order():
    graph = _graph("""
        service a
        service b
        service c
        service d
        c -> a -> b -> c
        d -> d
        b -> d [optional=true]
        """)
    assert graph.required_cycles() == [["a", "b", "c", "a"], ["d", "d"]]


# --- the cycles of required calls, without networkx: the same answers as networkx --------------
_NODES = [f"n{i}" for i in range(9)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NODES), st.sampled_from(_NODES)), max_size=30))
def test_cycles_agree_with_networkx(edges):
    successors = {node: [] for node in _NODES}
    for source, target in edges:
        successors[source].append(target)
    reference = networkx.DiGraph()
    reference.add_nodes_from(_NODES)
    reference.add_edges_from(edges)

    ours = strongly_connected(_NODES, successors)
    assert sorted(map(sorted, ours)) == sorted(map(sorted, networkx.strongly_connected_components(reference)))
    for members in ours:
        start = min(members)
        if len(members) == 1 and start not in successors[start]:
            assert first_cycle(start, successors, set(members)) == []
            continue
        expected = [hop[0] for hop in networkx.find_cycle(reference.subgraph(members), start)]
        assert first_cycle(start, successors, set(members)) == expected


def test_a_long_chain_of_calls_closes_without_recursion():
    count = 20_000
    text = "\n".join(f"service s{i}" for i in range(count)) + "\n"
    text += "\n".join(f"s{i} -> s{i + 1}" for i in range(count - 1)) + f"\ns{count - 1} -> s0\n"
    cycles = _graph(text).required_cycles()
    assert len(cycles) == 1 and len(cycles[0]) == count + 1 and cycles[0][0] == cycles[0][-1] == "s0"


def test_a_plain_lint_imports_no_networkx(tmp_path):
    """The built-in rules walk the graph themselves; networkx is loaded only for `graph.nx`."""
    design = tmp_path / "loop.arch"
    design.write_text("client web\nservice a\nservice b\nweb -> a -> b -> a\n", encoding="utf-8")
    process = subprocess.run([sys.executable, "-X", "importtime", "-m", "archlint", "--isolated", "--no-cache", str(design)],
                             capture_output=True, text=True)
    assert process.returncode == 1 and "sync-cycle" in process.stdout, process.stdout + process.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in process.stderr.splitlines() if line.startswith("import time:")}
    assert "archlint.graph" in imported and not {m for m in imported if m.split(".")[0] == "networkx"}
