"""How each part of a design looks: a shape and a fill per kind, a line per group kind, and the
colours that mark findings. Data only; `dot.py` turns it into Graphviz attributes.

The fills are pale and grouped by tier, so the red and amber outlines of findings stay the
loudest thing on the page. The finding colours are the Okabe-Ito amber and a plain red, which
readers with the common colour-vision deficiencies can still tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Helvetica"
INK = "#333333"  # outlines and text
MUTED = "#666666"  # the second lines of labels
EDGE = "#555555"
TELEMETRY_EDGE = "#b3b3b3"  # edges into observability: present, but quiet

SEVERITY_COLORS = {"error": "#d62728", "warning": "#e69f00", "info": "#0072b2"}
SEVERITY_ORDER = ("error", "warning", "info")  # worst first
FINDING_PENWIDTH = {"error": "3", "warning": "3", "info": "2"}

# Tier fills.
OUTSIDE = "#f2f2f2"
EDGE_TIER = "#dceaf7"
APP = "#e2f0d9"
STORE = "#ebe3f5"
CACHE = "#f6e9f2"
MESSAGING = "#dcf1ef"
TELEMETRY = "#f5f5f0"


@dataclass(frozen=True)
class KindStyle:
    shape: str
    fill: str
    style: str = "filled"  # Graphviz `style`; always includes `filled`
    extra: tuple[tuple[str, str], ...] = ()  # more Graphviz attributes: polygon slants, margins


# Polygons already grow around their label; without this they come out twice a box's size.
_TIGHT = (("margin", "0.02,0.01"),)

KIND_STYLES: dict[str, KindStyle] = {
    "client": KindStyle("ellipse", OUTSIDE, extra=(("margin", "0.06,0.04"),)),
    "external": KindStyle("box", OUTSIDE, "filled,rounded,dashed"),
    "dns": KindStyle("octagon", EDGE_TIER, extra=_TIGHT),
    "cdn": KindStyle("hexagon", EDGE_TIER, extra=_TIGHT),
    "lb": KindStyle("box", EDGE_TIER, "filled,diagonals"),
    "gateway": KindStyle("cds", EDGE_TIER, extra=(("margin", "0.3,0.1"),)),
    "service": KindStyle("box", APP, "filled,rounded"),
    "worker": KindStyle("component", APP),
    "function": KindStyle("box3d", APP),
    "database": KindStyle("cylinder", STORE),
    "search": KindStyle("cylinder", STORE),
    "cache": KindStyle("cylinder", CACHE),
    "object_store": KindStyle("folder", STORE),
    "queue": KindStyle("cds", MESSAGING, extra=(("margin", "0.3,0.1"),)),
    "stream": KindStyle("cds", MESSAGING, "filled,bold", extra=(("margin", "0.3,0.1"),)),
    "observability": KindStyle("note", TELEMETRY),
}
DEFAULT_KIND_STYLE = KindStyle("box", OUTSIDE)


@dataclass(frozen=True)
class GroupStyle:
    style: str
    color: str
    fill: str
    penwidth: str


# Regions and zones are failure domains: solid lines, the region heavier. A boundary is a trust
# perimeter: dashed. A plain group is only a visual grouping: a faint box.
GROUP_STYLES: dict[str, GroupStyle] = {
    "region": GroupStyle("rounded,filled", "#4a6f94", "#f7fafd", "2"),
    "zone": GroupStyle("rounded,filled", "#7f9fbf", "#eef4fa", "1.2"),
    "boundary": GroupStyle("dashed,filled", "#8c6d46", "#fffdf8", "1.5"),
    "group": GroupStyle("rounded,filled", "#c8c8c8", "#fbfbfb", "1"),
}
