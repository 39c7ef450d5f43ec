"""Write the tables of docs/language.md from the language's declarations (archlint/language.py).

    python tools/gen_language_doc.py           rewrite the generated tables in docs/language.md
    python tools/gen_language_doc.py --check   exit 1 if any of them is out of date

The prose around the tables is written by hand. Each generated table sits between a
`<!-- generated: NAME -->` line and an `<!-- end generated -->` line; everything between the two
is replaced. The output depends on nothing but the code: same code, same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from archlint.language_doc import attribute_table, kind_table
from doc_output import write_or_check

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "language.md"
GENERATOR = "tools/gen_language_doc.py"

TABLES = {
    "kinds": kind_table,
    "component-attributes": lambda: attribute_table("component"),
    "edge-attributes": lambda: attribute_table("edge"),
    "group-attributes": lambda: attribute_table("group"),
    "slo-attributes": lambda: attribute_table("slo"),
}
_REGION = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) .*?-->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


def generate(text: str) -> str:
    """`text` with every generated table rewritten; ValueError when a table's markers are missing."""
    found = set()

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in TABLES:
            raise ValueError(f"{OUTPUT.name}: unknown generated table `{name}`")
        found.add(name)
        return match.group(1) + TABLES[name]() + match.group(4)

    result = _REGION.sub(replace, text)
    missing = sorted(set(TABLES) - found)
    if missing:
        raise ValueError(f"{OUTPUT.name}: no markers for the generated tables " + ", ".join(missing))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GENERATOR, description="Write docs/language.md's tables from archlint/language.py.")
    parser.add_argument("--check", action="store_true", help="do not write: exit 1 if a table is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"the file to update (default: {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    current = args.output.read_text(encoding="utf-8")
    try:
        text = generate(current)
    except ValueError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    return write_or_check(args.output, text, args.check, GENERATOR)

if __name__ == "__main__":
    sys.exit(main())
