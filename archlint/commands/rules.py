"""`archlint rules`: every rule, built-in diagnostics and installed packs included."""

from __future__ import annotations

import json
import sys

from ..escape import printable
from . import EXIT_CLEAN
from .options import add_color_option, add_config_options, add_output_format, config_options, use_color


def add_arguments(parser) -> None:
    add_output_format(parser, ("table", "json"), default="table", help="how to list (default: table)")
    add_config_options(parser, purpose="judge `enabled` by")
    add_color_option(parser)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


def rows(config: str | None = None, isolated: bool = False) -> list[dict]:
    from .. import codes
    from ..linter import Linter

    linter = Linter(config=config, isolated=isolated)
    settings = linter.settings_for("./_")
    catalog, selection = linter.selection_for(settings)
    catalog.load_installed()
    table = [
        {"code": d.code, "name": d.name, "category": d.category,
         "severity": selection.severity.get(d.code, d.severity).value, "enabled": d.code in selection.enabled,
         "summary": _sentence(d.summary), "origin": "built-in"}
        for d in codes.all_builtin()
    ]
    for rule in sorted(catalog.rules, key=lambda r: (r.category, r.code)):  # listed by category
        table.append({"code": rule.code, "name": rule.name, "category": rule.category,
                      "severity": selection.severity.get(rule.code, rule.default_severity).value,
                      "enabled": rule.code in selection.enabled, "summary": _sentence(rule.summary),
                      "origin": "built-in" if rule.module.startswith("archlint.rules.") else rule.module})
    return table


def run(args, parser) -> int:
    table = rows(**config_options(args, parser))
    if args.output_format == "json":
        json.dump(table, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    # What a rule pack wrote (its category, its docstring's summary, its module) is shown, never
    # acted on: no terminal escape, no line break, no rich markup.
    for row in table:
        for key in ("code", "name", "category", "summary", "origin"):
            row[key] = printable(str(row[key]))
    if use_color(args.color, sys.stdout):
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        view = Table(title="archlint rules", show_lines=False)
        for column in ("Code", "Name", "Category", "Severity", "Enabled", "Summary"):
            view.add_column(column, no_wrap=column != "Summary")
        styles = {"error": "red", "warning": "yellow", "info": "blue"}
        for row in table:
            view.add_row(escape(row["code"]), escape(row["name"]), escape(row["category"]),
                         f"[{styles[row['severity']]}]{row['severity']}[/]",
                         "[green]yes[/]" if row["enabled"] else "[dim]no[/]", escape(row["summary"]))
        Console().print(view)
        return EXIT_CLEAN
    widths = {key: max(len(key), *(len(str(r[key])) for r in table)) for key in ("code", "name", "category", "severity")}
    header = "  ".join(key.upper().ljust(widths[key]) for key in widths) + "  ENABLED  SUMMARY"
    print(header)
    for row in table:
        cells = "  ".join(str(row[key]).ljust(widths[key]) for key in widths)
        print(f"{cells}  {'yes' if row['enabled'] else 'no':<7}  {row['summary']}")
    return EXIT_CLEAN
