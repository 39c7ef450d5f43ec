"""`archlint rules`: every rule, built-in diagnostics and installed packs included."""

from __future__ import annotations

import json
import sys

from .check import use_color


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table", help="how to list (default: table)")
    parser.add_argument("--config", metavar="FILE", help="judge `enabled` by this configuration file")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


def rows(config: str | None, isolated: bool) -> list[dict]:
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
    table = rows(args.config, args.isolated)
    if args.format == "json":
        json.dump(table, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if use_color(args.color, sys.stdout):
        from rich.console import Console
        from rich.table import Table

        view = Table(title="archlint rules", show_lines=False)
        for column in ("Code", "Name", "Category", "Severity", "Enabled", "Summary"):
            view.add_column(column, no_wrap=column != "Summary")
        styles = {"error": "red", "warning": "yellow", "info": "blue"}
        for row in table:
            view.add_row(row["code"], row["name"], row["category"],
                         f"[{styles[row['severity']]}]{row['severity']}[/]",
                         "[green]yes[/]" if row["enabled"] else "[dim]no[/]", row["summary"])
        Console().print(view)
        return 0
    widths = {key: max(len(key), *(len(str(r[key])) for r in table)) for key in ("code", "name", "category", "severity")}
    header = "  ".join(key.upper().ljust(widths[key]) for key in widths) + "  ENABLED  SUMMARY"
    print(header)
    for row in table:
        cells = "  ".join(str(row[key]).ljust(widths[key]) for key in widths)
        print(f"{cells}  {'yes' if row['enabled'] else 'no':<7}  {row['summary']}")
    return 0
