"""Write grammar/archlint.table.json: the grammar's LALR table, built by Lark, as plain data.

    python tools/gen_parse_table.py           rewrite the table from grammar/archlint.lark
    python tools/gen_parse_table.py --check   exit 1 if the shipped table is out of date

The grammar (grammar/archlint.lark) is the source of truth and Lark builds its table; archlint
ships the table as JSON so that a run imports no Lark and reads none of its internals. This
file is the one place that reads them: `read_lark_table` checks their shape and says clearly
when a Lark release has changed it (pyproject.toml pins Lark to the minor versions tested).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from doc_output import write_or_check

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR = ROOT / "grammar" / "archlint.lark"
OUTPUT = ROOT / "grammar" / "archlint.table.json"
GENERATOR = "tools/gen_parse_table.py"
FORMAT = 1

# The order the lexer tries the terminals in: comments first, then arrows before numbers (`-`),
# numbers before identifiers, and the fixed punctuation last.
_LEX_ORDER = {"COMMENT": 1, "ARROW": 2, "NUMBER": 3, "IDENT": 4, "STRING": 5}


class LarkShapeError(RuntimeError):
    """Lark's internals are not laid out as this reader expects."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        import lark

        raise LarkShapeError(f"lark {lark.__version__}: {what}; this generator was written for the versions "
                             "pyproject.toml pins: update read_lark_table or pin lark")


def read_lark_table(grammar: str) -> dict:
    """The LALR table of `grammar` as plain data (the file's format, documented in `table`)."""
    import lark
    from lark.parsers.lalr_analysis import Reduce, Shift

    parser = lark.Lark(grammar, parser="lalr", lexer="basic")
    _expect(hasattr(parser, "parser") and hasattr(parser.parser, "parser"), "no `parser.parser.parser`")
    inner = parser.parser.parser.parser
    table = getattr(inner, "parse_table", None)
    _expect(table is not None and isinstance(getattr(table, "states", None), dict), "no `parse_table.states` dict")
    _expect(getattr(table, "start_states", {}).keys() == {"start"}, "`start_states` is not {'start': ...}")
    rules = list(parser.rules)
    rule_index = {id(rule): index for index, rule in enumerate(rules)}
    for rule in rules:
        _expect(hasattr(rule, "origin") and hasattr(rule, "expansion") and hasattr(rule.options, "expand1"),
                "a rule without origin, expansion or options.expand1")

    terminals = sorted({symbol for actions in table.states.values() for symbol in actions if symbol.isupper()})
    names = terminals + ["COMMENT"]  # comments are lexed, never parsed
    kind = {name: index for index, name in enumerate(names)}
    # Lark's state numbers vary from run to run; numbered in the order a walk from the start
    # state meets them (symbols in name order), the same grammar always gives the same file.
    number = {table.start_states["start"]: 0}
    walk = [table.start_states["start"]]
    for state in walk:
        for symbol, action in sorted(table.states[state].items()):
            _expect(isinstance(action, tuple) and len(action) == 2 and action[0] in (Shift, Reduce),
                    "an action is not (Shift|Reduce, argument)")
            if action[0] is Shift and action[1] not in number:
                number[action[1]] = len(number)
                walk.append(action[1])
    _expect(len(number) == len(table.states), "a state that no walk from the start reaches")
    states, gotos = [], {}
    for state in walk:
        row = []
        for symbol, (op, argument) in sorted(table.states[state].items()):
            if not symbol.isupper():
                _expect(op is Shift, "a goto that is not a shift")
                gotos.setdefault(symbol, []).append([number[state], number[argument]])
            elif op is Shift:
                row.append([kind[symbol], "s", number[argument]])
            else:
                _expect(id(argument) in rule_index, "a reduction by a rule not in `Lark.rules`")
                row.append([kind[symbol], "r", rule_index[id(argument)]])
        states.append(row)

    def plan(rule) -> str:
        # Lark's tree shaping, one letter a child: k keep, d drop (a filtered token: `_COMMA`, `_EQ`),
        # s splice (an inlined rule: `_statement`, and the helpers Lark makes for `*` and `+`).
        letters = ""
        for symbol in rule.expansion:
            if symbol.is_term:
                letters += "d" if symbol.filter_out or symbol.name.startswith("_") else "k"
            else:
                letters += "s" if symbol.name.startswith("_") else "k"
        return letters

    keywords, patterns, blank = {}, [], None
    for terminal in parser.terminals:
        pattern = terminal.pattern
        _expect(not pattern.flags, f"terminal {terminal.name} has regex flags")
        if pattern.type == "str" and pattern.value.isidentifier():
            keywords[pattern.value] = terminal.name  # lexed as IDENT, then re-typed, as Lark does
        elif terminal.name.startswith("__IGNORE"):
            _expect(blank is None, "more than one ignored pattern besides COMMENT")
            blank = pattern.to_regexp()
        else:
            patterns.append([terminal.name, pattern.to_regexp()])
    _expect(blank is not None, "no ignored blank pattern")
    patterns.sort(key=lambda item: (_LEX_ORDER.get(item[0], 9), item[0]))
    return {
        "format": FORMAT,
        "grammar_sha256": hashlib.sha256(grammar.encode("utf-8")).hexdigest(),
        "terminals": names,
        "keywords": dict(sorted(keywords.items())),
        "patterns": patterns,
        "blank": blank,
        "rules": [[rule.origin.name, plan(rule), bool(rule.options.expand1)] for rule in rules],
        "states": states,
        "gotos": {symbol: sorted(pairs) for symbol, pairs in sorted(gotos.items())},
        "start": 0,
        "end": number[table.end_states["start"]],
    }


def render(table: dict) -> str:
    """One state, rule or goto list a line: small diffs when the grammar changes."""
    lines = ["{"]
    items = list(table.items())
    for position, (key, value) in enumerate(items):
        comma = "," if position < len(items) - 1 else ""
        if isinstance(value, list) and key in ("states", "rules", "patterns"):
            inner = ",\n".join("    " + json.dumps(item, ensure_ascii=True) for item in value)
            lines.append(f"  {json.dumps(key)}: [\n{inner}\n  ]{comma}")
        elif isinstance(value, dict) and key == "gotos":
            inner = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f"  {json.dumps(key)}: {{\n{inner}\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=True)}{comma}")
    return "\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GENERATOR, description="Write the grammar's LALR table as JSON.")
    parser.add_argument("--check", action="store_true", help="do not write: exit 1 if the table is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    try:
        text = render(read_lark_table(GRAMMAR.read_text(encoding="utf-8")))
    except LarkShapeError as error:
        sys.stderr.write(f"{GENERATOR}: {error}\n")
        return 1
    return write_or_check(args.output, text, args.check, GENERATOR)


if __name__ == "__main__":
    sys.exit(main())
