"""The DOT of a design: components as nodes, edges as edges, groups as clusters, and the findings
marked on the elements they are about. Built with the `graphviz` package, imported lazily.

Determinism: the DOT depends on nothing but the design, the findings and the options. Nodes,
clusters and edges come in declaration order (itself fixed by the text, and the order that
gives the author a say in the layout); everything else (findings, codes, legend rows) is
sorted. There are no timestamps and no generated ids.

Safety: every piece of text from the design reaches Graphviz through one of three doors.
- `html()` for labels: HTML-like labels, with `&`, `<`, `>` and quotes escaped, so a label can
  neither close the label nor inject markup.
- `esc()` for escString attributes (tooltips, ids): quoted by the `graphviz` package as plain
  strings (never HTML), so a quote cannot close the string.
- `name()` for node and cluster names.
All three drop what XML cannot carry (control characters, lone surrogates) and draw a backslash
as U+2216 (∖): Graphviz reads `\\N`, `\\G`, `\\l`, `\\n` ... as its own escapes, in labels and
tooltips alike, differently from one version to the next, and a backslash before the closing
quote ends no DOT string at all. No backslash from the design ever reaches the DOT.
"""

from __future__ import annotations

import html as _html
import re
import textwrap
from dataclasses import dataclass, field
from typing import Iterable

from ..diagnostics import Finding
from ..model import Component, Design, Edge, Group
from . import styles

DIRECTIONS = ("LR", "TB", "RL", "BT")
ENGINES = ("dot", "sfdp", "neato")
DETAILS = ("auto", "full", "compact")
# Past this many components the drawing is compact: edge labels and the edges from everywhere
# into observability are what make `dot` slow (500 components: 7 s drawn in full, under 1 s
# compact, with pygraphviz), and on a drawing that size they are unreadable anyway.
COMPACT_OVER = 150

BACKSLASH = "\u2216"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WRAP = 30  # characters per label line
_LEGEND_WRAP = 90
_LEGEND_ELEMENTS = 8  # elements named per legend row before "and N more"


# --- text -----------------------------------------------------------------------------------
def clean(text: str) -> str:
    """Text that XML can carry and Graphviz will not read escapes in; newlines kept as `\\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\\", BACKSLASH)
    return _NOT_XML.sub("\ufffd", text)


def html(text: str) -> str:
    """Text for inside an HTML-like label: escaped, newlines as line breaks."""
    return _html.escape(clean(text), quote=True).replace("\n", '<BR ALIGN="CENTER"/>')


def esc(text: str):
    """An escString attribute value (tooltip, id, class): plain, quoted, no backslash but ours."""
    from graphviz import nohtml

    return nohtml(clean(text).replace("\n", "\\n"))


def name(ident: str):
    """A node or cluster name."""
    from graphviz import nohtml

    return nohtml(clean(ident).replace("\n", " "))


def wrap(text: str, width: int = _WRAP) -> list[str]:
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines += textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def _font(text_html: str, *, size: int | None = None, color: str | None = None, bold: bool = False) -> str:
    if bold:
        text_html = f"<B>{text_html}</B>"
    attrs = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
    return f"<FONT{attrs}>{text_html}</FONT>" if attrs else text_html


def _lines(*lines: str) -> str:
    return "<" + "<BR/>".join(line for line in lines if line) + ">"


def _label_lines(text: str, width: int = _WRAP, **font) -> list[str]:
    return [_font(_html.escape(line, quote=True), **font) for line in wrap(text, width)]


# --- findings -------------------------------------------------------------------------------
@dataclass
class Marks:
    """The findings to draw: by drawn element, and about the design as a whole."""

    by_element: dict[str, list[Finding]] = field(default_factory=dict)
    design: list[Finding] = field(default_factory=list)

    def of(self, element: str) -> list[Finding]:
        return self.by_element.get(element, [])

    def all(self) -> list[Finding]:
        return sorted([f for fs in self.by_element.values() for f in fs] + self.design, key=_finding_order)


def _finding_order(finding: Finding) -> tuple:
    return (styles.SEVERITY_ORDER.index(finding.severity.value), finding.code, finding.element or "",
            finding.message, finding.sort_key())


def collect_marks(design: Design, findings: Iterable[Finding]) -> Marks:
    """Active findings on drawn elements; suppressed ones, and ones about nothing drawn, are left out."""
    drawn = set(design.components) | set(design.groups) | {e.element_id for e in design.edges}
    marks = Marks()
    for finding in findings:
        if finding.suppressed:
            continue
        if finding.element is None:
            marks.design.append(finding)
        elif finding.element in drawn:
            marks.by_element.setdefault(finding.element, []).append(finding)
    for found in marks.by_element.values():
        found.sort(key=_finding_order)
    marks.design.sort(key=_finding_order)
    return marks


@dataclass
class View:
    """What one drawing shows: the design, its marks, and whether it is the compact view."""

    design: Design
    marks: Marks
    compact: bool
    left_out: int = 0  # edges into observability not drawn (compact view)
    ids: str = ""  # prefix of every SVG id, for pages that hold several drawings
    scenario: object | None = None  # a what-if scenario's marks (`scenario.ScenarioMarks`), drawn in place of findings


# --- ids ------------------------------------------------------------------------------------
# The SVG id of each element is the design's own name for it, so a page or a test can find an
# element of the drawing by what the design calls it. Findings name elements the same way.
def component_id(ident: str, prefix: str = "") -> str:
    return f"{prefix}component:{ident}"


def edge_id(edge: Edge, prefix: str = "") -> str:
    return f"{prefix}edge:{edge.element_id}"


def group_id(ident: str, prefix: str = "") -> str:
    return f"{prefix}group:{ident}"


def drawn_ids(design: Design, prefix: str = "") -> dict[str, str]:
    """The SVG id of every element a finding can be about, by the name findings give it
    (`api`, `api->db`, `eu_west`)."""
    ids = {ident: component_id(ident, prefix) for ident in design.components}
    ids.update({ident: group_id(ident, prefix) for ident in design.groups})
    ids.update({edge.element_id: edge_id(edge, prefix) for edge in design.edges})
    return ids


def _worst(found: list[Finding]) -> str | None:
    return found[0].severity.value if found else None  # sorted worst first


def _codes_line(found: list[Finding]) -> str:
    seen: dict[str, str] = {}
    for finding in found:
        seen.setdefault(finding.code or finding.rule, finding.severity.value)
    parts = [_font(_html.escape(clean(code)), color=styles.SEVERITY_COLORS[sev], bold=True)
             for code, sev in seen.items()]
    return _font(" · ".join(parts), size=10) if parts else ""


def _tooltip(head: str, found: list[Finding]) -> str:
    """The element, then one line per finding: `error R001 single-point-of-failure: ...`."""
    lines = [head]
    for finding in found:
        what = " ".join(part for part in (finding.severity.value, finding.code, finding.rule) if part)
        lines.append(f"{what}: {finding.message}")
    return "\n".join(lines)


def _mark(attrs: dict, found: list[Finding]) -> None:
    """Outline an element in the colour of its worst finding."""
    worst = _worst(found)
    if worst is None:
        return
    attrs["color"] = styles.SEVERITY_COLORS[worst]
    attrs["penwidth"] = styles.FINDING_PENWIDTH[worst]
    attrs["class"] = esc(f"{attrs.get('class', '')} finding finding-{worst}".strip())


def _scenario_lines(mark) -> list[str]:
    """A what-if mark's words under the label: the signal that is not a colour."""
    if mark is None:
        return []
    return [_font(html(word), size=10, color=mark.color, bold=True) for word in mark.words]


def _scenario_mark(attrs: dict, mark, *, node: bool = True) -> None:
    """Outline (and for what is down, fill) an element as a what-if scenario leaves it."""
    if mark is None:
        return
    attrs["color"] = mark.color
    attrs["penwidth"] = "3" if mark.solid else "2"
    if mark.fill:
        attrs["fillcolor"] = mark.fill
    if mark.double and node:  # a second outline; edges have none
        attrs["peripheries"] = "2"
    if not mark.solid:
        attrs["style"] = _with_style(str(attrs.get("style", "")), "dashed")
    attrs["class"] = esc(" ".join((str(attrs.get("class", "")), "whatif", *mark.classes)).strip())


def _with_style(style: str, word: str) -> str:
    words = [w for w in style.split(",") if w]
    return ",".join(words if word in words else [*words, word])


# --- the parts ------------------------------------------------------------------------------
def _rate(edge: Edge, attribute: str) -> str | None:
    written = edge.written(attribute)
    if written is None:
        return None
    text = written.text
    return text if "/" in text else f"{text}/s"


def _edge_details(edge: Edge) -> str:
    parts = []
    if edge.proto:
        parts.append(edge.proto)
    if rps := _rate(edge, "rps"):
        parts.append(rps)
    if reads := _rate(edge, "reads"):
        parts.append(f"{reads} reads")
    if writes := _rate(edge, "writes"):
        parts.append(f"{writes} writes")
    if edge.optional:
        parts.append("optional")
    return " · ".join(parts)


_MODES = {"primary_replica": "primary/replica", "cluster": "cluster", "multi_primary": "multi-primary",
          "single": "single"}


def _component_details(component: Component) -> tuple[str, str]:
    """Two short lines: what it is, and how it is run."""
    what = [component.kind + (f" {component.id}" if component.label else "")]
    what += [t for t in (component.engine, component.tech) if t and t != component.id]
    scale = []
    if component.replicas > 1 or component.written("replicas") is not None:
        scale.append(f"×{component.replicas}")
    if component.zones > 1 or component.written("zones") is not None or component.replicas > 1:
        scale.append(f"{component.zones} zone" + ("s" if component.zones != 1 else ""))
    how = [", ".join(scale)] if scale else []
    if component.mode:
        how.append(_MODES.get(component.mode, component.mode))
    if component.replica_of:
        how.append(f"replica of {component.replica_of}")
    if component.managed:
        how.append("managed")
    if component.state == "stateful":
        how.append("stateful")
    if component.sessions in ("local", "sticky"):
        how.append(f"sessions: {component.sessions}")
    return " · ".join(what), " · ".join(how)


def _node(graph, component: Component, view: View) -> None:
    style = styles.KIND_STYLES.get(component.kind, styles.DEFAULT_KIND_STYLE)
    found = view.marks.of(component.id)
    scenario = view.scenario.components.get(component.id) if view.scenario else None
    what, how = _component_details(component)
    label = _lines(
        *_label_lines(component.display, bold=True),
        *_label_lines(what, size=10, color=styles.MUTED),
        *(_label_lines(how, size=10, color=styles.MUTED) if how else []),
        _codes_line(found),
        *_scenario_lines(scenario),
    )
    head = f"{component.kind} {component.id}" + (f": {component.label}" if component.label else "")
    if scenario is not None:
        head = "\n".join((head, *scenario.notes))
    attrs = {
        "id": esc(component_id(component.id, view.ids)),
        "class": esc(f"component kind-{component.kind}"),
        "shape": style.shape,
        "style": style.style,
        "fillcolor": style.fill,
        "tooltip": esc(_tooltip(head, found)),
        **dict(style.extra),
    }
    _mark(attrs, found)
    _scenario_mark(attrs, scenario)
    graph.node(name(component.id), label, **attrs)


def _telemetry(edge: Edge, design: Design) -> bool:
    target = design.components.get(edge.target)
    return target is not None and target.kind == "observability"


def _edge(graph, edge: Edge, view: View) -> None:
    found = view.marks.of(edge.element_id)
    scenario = view.scenario.edges.get(edge.element_id) if view.scenario else None
    telemetry = _telemetry(edge, view.design)
    if telemetry and view.compact and not found:
        view.left_out += 1
        return
    details = _edge_details(edge)
    lines = []
    if not view.compact:
        lines = _label_lines(edge.label) if edge.label else []
        if details:
            lines += _label_lines(details, size=9, color=styles.MUTED, width=44)
    if found:
        lines.append(_codes_line(found))
    lines += _scenario_lines(scenario)
    head = edge.element_id + (f": {edge.label}" if edge.label else "")
    if edge.signal:
        head += f" ({', '.join(edge.signal)})"
    if view.compact and details:
        head += f" [{details}]"
    if scenario is not None:
        head = "\n".join((head, *scenario.notes))
    attrs = {
        "id": esc(edge_id(edge, view.ids)),
        "class": "edge-async" if edge.arrow == "~>" else "edge-sync",
        "tooltip": esc(_tooltip(head, found)),
    }
    if lines:
        attrs["label"] = _lines(*lines)
    if edge.arrow == "~>":
        attrs["style"] = "dashed"
        attrs["arrowhead"] = "vee"
    if telemetry and not found:
        # Telemetry goes from everywhere to one place: thin, pale, and no pull on the layout.
        attrs.update(color=styles.TELEMETRY_EDGE, fontcolor=styles.MUTED, penwidth="0.8", arrowsize="0.6",
                     weight="0")
        attrs["class"] += " edge-telemetry"
    _mark(attrs, found)
    _scenario_mark(attrs, scenario, node=False)
    graph.edge(name(edge.source), name(edge.target), **attrs)


def _relations(graph, design: Design, prefix: str) -> None:
    """What attributes say about two components, drawn dotted: a queue's dead-letter queue, a
    store's read replica. Not edges of the design, and never marked."""
    for component in design.components.values():
        for attribute, source, target, word in (
            ("dlq", component.id, component.dlq, "dead letters"),
            ("replica_of", component.replica_of, component.id, "replica"),
        ):
            if source in design.components and target in design.components:
                graph.edge(name(source), name(target), id=esc(f"{prefix}relation:{attribute}:{source}->{target}"),
                           label=_lines(_font(word, size=9, color=styles.MUTED)), style="dotted",
                           color=styles.TELEMETRY_EDGE, arrowhead="vee", arrowsize="0.6",
                           tooltip=esc(f"{component.id}: {attribute}={component.written(attribute).text}"
                                       if component.written(attribute) else word),
                           **{"class": "relation"})


def _cluster_attrs(group: Group, view: View) -> dict:
    style = styles.GROUP_STYLES[group.kind]
    found = view.marks.of(group.id)
    scenario = view.scenario.groups.get(group.id) if view.scenario else None
    title = group.label or group.id
    label = _lines(_font(_html.escape(group.kind), size=9, color=style.color) + "  "
                   + _font(html(title), size=12, color=styles.INK, bold=True),
                   _codes_line(found), *_scenario_lines(scenario))
    attrs = {
        "id": esc(group_id(group.id, view.ids)),
        "class": esc(f"group group-{group.kind}"),
        "label": label,
        "labeljust": "l",
        "style": style.style,
        "color": style.color,
        "fillcolor": style.fill,
        "penwidth": style.penwidth,
        "tooltip": esc(_tooltip(f"{group.kind} {group.id}" + (f": {group.label}" if group.label else ""), found)
                       + "".join(f"\n{note}" for note in (scenario.notes if scenario else ()))),
    }
    _mark(attrs, found)
    _scenario_mark(attrs, scenario, node=False)
    return attrs


def _order(design: Design) -> dict[str | None, list[tuple[str, str]]]:
    """What each container (None: the top level) holds, in declaration order: a group stands
    where its first component was declared."""
    rank = {ident: i for i, ident in enumerate(design.components)}
    unplaced = len(rank)
    group_rank: dict[str, int] = {}
    # Innermost groups first (a walk, not recursion: groups may nest thousands deep).
    position_of = {ident: i for i, ident in enumerate(design.groups)}
    for group_id in design.groups:
        if group_id in group_rank:
            continue
        stack = [group_id]
        while stack:
            current = design.groups[stack[-1]]
            pending = [g for g in current.groups if g not in group_rank]
            if pending:
                stack.extend(pending)
                continue
            done = stack.pop()
            if done in group_rank:
                continue
            keys = [rank[c] for c in current.components if c in rank] + [group_rank[g] for g in current.groups]
            group_rank[done] = min(keys, default=unplaced + position_of[done])

    children: dict[str | None, list[tuple[int, str, str]]] = {}
    for ident, component in design.components.items():
        holder = component.group if component.group in design.groups else None
        children.setdefault(holder, []).append((rank[ident], "component", ident))
    for ident, group in design.groups.items():
        holder = group.parent if group.parent in design.groups else None
        children.setdefault(holder, []).append((group_rank[ident], "group", ident))
    return {holder: [(kind, ident) for _, kind, ident in sorted(items)] for holder, items in children.items()}


INDENT_CAP = 8  # tabs at most: deeper clusters are written at this indentation


def _fill(graph, holder: str | None, children, view: View, subgraph_class) -> None:
    """Each container's nodes and clusters, written straight into `graph`'s body in order: a
    cluster's head, what it holds, its closing brace. graphviz's own `subgraph()` copies a
    cluster's lines, indented once more, into its parent, so N nested groups cost N^2 lines
    copied and N^2 tabs written; here each line is written once and indentation stops at
    INDENT_CAP. An explicit stack rather than recursion: groups may nest thousands deep."""
    body = graph.body
    stack = [iter(children.get(holder, []))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            if stack:  # a cluster is complete
                body.append(_tabs(len(stack)) + "}\n")
            continue
        kind, ident = step
        depth = len(stack)  # 1: in the top-level graph
        if kind == "component":
            start = len(body)
            _node(graph, view.design.components[ident], view)
            body[start:] = [_tabs(depth - 1) + line for line in body[start:]]  # graphviz wrote one tab
        else:
            head = subgraph_class(name=name(f"cluster_{ident}"))
            head.attr("graph", **_cluster_attrs(view.design.groups[ident], view))
            lines = list(head.__iter__(subgraph=True))[:-1]  # without its closing brace
            body.extend(_tabs(depth) + line for line in lines)
            stack.append(iter(children.get(ident, [])))


def _tabs(depth: int) -> str:
    return "\t" * min(depth, INDENT_CAP)


# --- the header: title and legend -----------------------------------------------------------
def _slo_line(design: Design) -> str:
    if design.slo is None:
        return ""
    parts = []
    if (a := design.slo.attributes.get("availability")) is not None:
        parts.append(f"{a.text} available")
    if (lat := design.slo.attributes.get("latency")) is not None:
        parts.append(f"p99 {lat.text}")
    return "SLO: " + ", ".join(parts) if parts else ""


def _legend(view: View) -> list[str]:
    design, findings = view.design, view.marks.all()
    rows = []
    counts = {sev: sum(1 for f in findings if f.severity.value == sev) for sev in styles.SEVERITY_ORDER}
    key = []
    for sev in styles.SEVERITY_ORDER:
        if counts[sev]:
            noun = sev if counts[sev] == 1 else f"{sev}s"
            key.append(_font("■", color=styles.SEVERITY_COLORS[sev]) + f" {counts[sev]} {noun}")
    summary = "   ".join(key) if key else _font("no findings", color=styles.MUTED)
    rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(summary, size=11)}</TD></TR>')

    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.severity.value, finding.code, finding.rule), []).append(finding)
    for (sev, code, rule), found in sorted(groups.items(), key=lambda kv: (styles.SEVERITY_ORDER.index(kv[0][0]),
                                                                            kv[0][1], kv[0][2])):
        on_elements = sorted({f.element for f in found if f.element is not None})
        about = []
        if on_elements:
            shown = on_elements[:_LEGEND_ELEMENTS]
            text = ", ".join(shown) + (f" and {len(on_elements) - len(shown)} more" if len(on_elements) > len(shown) else "")
            about.append(text)
        about += [f.message for f in found if f.element is None]
        body = "<BR ALIGN=\"LEFT\"/>".join(
            _html.escape(line, quote=True) for text in about for line in wrap(text, _LEGEND_WRAP)
        )
        color = styles.SEVERITY_COLORS[sev]
        rows.append(
            f'<TR><TD ALIGN="LEFT" VALIGN="TOP">{_font(_html.escape(clean(code)), size=10, color=color, bold=True)}</TD>'
            f'<TD ALIGN="LEFT" VALIGN="TOP">{_font(html(rule), size=10)}</TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{_font(body, size=10, color=styles.MUTED)}</TD></TR>'
        )
    return rows


def _scenario_legend(marks) -> list[str]:
    """The scenario in words, how its entry points fare, and the key to every mark with the
    elements that carry it (the drawing states the scenario in place of the findings)."""
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(html(marks.title), size=13, bold=True)}</TD></TR>',
            f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(html(marks.summary()), size=11)}</TD></TR>']
    for row in marks.legend():
        shown = row.elements[:_LEGEND_ELEMENTS]
        carried = ", ".join(shown) + (f" and {len(row.elements) - len(shown)} more" if len(row.elements) > len(shown)
                                      else "") if row.elements else "none"
        body = '<BR ALIGN="LEFT"/>'.join(_html.escape(line, quote=True) for line in wrap(carried, _LEGEND_WRAP))
        rows.append(
            f'<TR><TD ALIGN="LEFT" VALIGN="TOP">{_font(_html.escape(row.word), size=10, color=row.color, bold=True)}</TD>'
            f'<TD ALIGN="LEFT" VALIGN="TOP">{_font(html(row.meaning), size=10)}</TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{_font(body, size=10, color=styles.MUTED)}</TD></TR>'
        )
    return rows


def _notes(view: View, engine: str) -> list[str]:
    notes = []
    if engine != "dot" and view.design.groups:
        notes.append(f"the {engine} layout draws no groups: regions, zones and boundaries are not shown")
    if any(e.arrow == "~>" for e in view.design.edges):
        notes.append("dashed arrows are asynchronous (~>), solid arrows are calls (->)")
    if view.compact:
        left_out = f"; the {view.left_out} edges into observability are left out" if view.left_out else ""
        notes.append(f"compact view of {len(view.design.components):,} components: edge labels are in the "
                     f"tooltips{left_out}, and so are the dotted dead-letter and replica lines "
                     f"(--detail full draws everything)")
    return [f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(html(note), size=9, color=styles.MUTED)}</TD></TR>'
            for note in notes]


def _header(view: View, legend: bool, engine: str) -> str:
    design = view.design
    title = design.title or design.root.replace("\\", "/").rsplit("/", 1)[-1]
    rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(html(title), size=18, bold=True)}</TD></TR>']
    if slo := _slo_line(design):
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="3">{_font(html(slo), size=11, color=styles.MUTED)}</TD></TR>')
    if view.scenario is not None:
        rows += _scenario_legend(view.scenario)
    elif legend:
        rows += _legend(view)
    rows += _notes(view, engine)
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' + "".join(rows) + "</TABLE>>")


# --- the graph ------------------------------------------------------------------------------
def _digraph_class():
    import graphviz
    from graphviz.quoting import quote

    class Digraph(graphviz.Digraph):
        # Names never carry ports here: quote `a:b` as one name, not as node `a`, port `b`.
        _quote_edge = staticmethod(quote)

    return Digraph


def is_compact(design: Design, detail: str) -> bool:
    return detail == "compact" or (detail == "auto" and len(design.components) > COMPACT_OVER)


def build(design: Design, findings: Iterable[Finding] | None = (), *, direction: str = "LR",
          engine: str = "dot", detail: str = "auto", ids: str = "", scenario=None) -> str:
    """The DOT source of a design. `findings=None` draws it plain, without marks or legend.

    `detail`: `full` draws every edge with its label; `compact` leaves edge labels to the
    tooltips and leaves out the edges into observability (unless a finding is on them) and the
    dotted dlq / replica lines, which is what makes a big design lay out in seconds; `auto` is
    compact past COMPACT_OVER components. `ids` prefixes every SVG id (`d2-component:api`), so
    that one page can hold the drawings of several designs. `scenario` (a
    `scenario.ScenarioMarks`) draws a what-if scenario's marks and legend; pass `findings=None`
    with it, since both speak in red and amber.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}")
    compact = is_compact(design, detail)
    view = View(design, Marks() if findings is None else collect_marks(design, findings), compact, ids=ids,
                scenario=scenario)
    Digraph = _digraph_class()
    title = design.title or "design"
    graph_attr = {
        "id": f"{ids}design",
        "class": "archlint-design",
        "layout": engine,
        "rankdir": direction,
        "labelloc": "t",
        "labeljust": "l",
        "fontname": styles.FONT,
        "fontcolor": styles.INK,
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.45",
        "ranksep": "0.7",
        "newrank": "true",
        "outputorder": "edgesfirst",
        "tooltip": esc(title),
    }
    if engine != "dot":
        graph_attr.update({"overlap": "scale", "sep": "+12", "splines": "false", "start": "random1"})
    graph = Digraph(
        name=name(title),
        graph_attr=graph_attr,
        node_attr={"fontname": styles.FONT, "fontsize": "12", "fontcolor": styles.INK, "color": styles.INK,
                   "penwidth": "1.2", "margin": "0.18,0.08"},
        edge_attr={"fontname": styles.FONT, "fontsize": "10", "fontcolor": styles.INK, "color": styles.EDGE,
                   "arrowsize": "0.8", "penwidth": "1.2"},
    )
    _fill(graph, None, _order(design), view, Digraph)
    for edge in design.edges:
        _edge(graph, edge, view)
    if not compact:
        _relations(graph, design, ids)
    graph.graph_attr["label"] = _header(view, findings is not None, engine)  # after the edges: it counts them
    return graph.source
