"""Text to statements: the grammar's LALR table driven by a small loop, building as it reduces.

Statements go into a syntax tree (`FileTree`), or, given a sink, to the sink one by one as they
are reduced, so that the loader builds the model while the text is read.

The grammar (grammar/archlint.lark) is the source of truth. Lark builds its LALR table once, when
archlint is built (tools/gen_parse_table.py), and archlint ships that table as JSON
(grammar/archlint.table.json): a run imports no Lark. Lark's own parser is the reference this
one is tested against (tests/lark_reference.py). Syntax errors come back as findings in words
("expected `]` to close `[` opened at 3:19"), never as terminal names.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Protocol

from .codes import diagnostic
from .diagnostics import Finding, Location
from .gc_pause import gc_paused
from .literals import LiteralError, read_number_literal
from .syntax import (
    Attr,
    Comment,
    ComponentNode,
    EdgeNode,
    FileTree,
    GroupNode,
    IncludeNode,
    Ref,
    SloNode,
    Span,
    Statement,
    TitleNode,
    Value,
    join,
)

# Words for the grammar's terminals, used in error messages.
_WORDS = {
    "IDENT": "an identifier",
    "STRING": "a string",
    "NUMBER": "a number",
    "ARROW": "an arrow (`->` or `~>`)",
    "LBRACK": "`[`",
    "RBRACK": "`]`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "_COMMA": "`,`",
    "_EQ": "`=`",
    "TITLE": "`title`",
    "INCLUDE": "`include`",
    "SLO": "`slo`",
    "REGION": "`region`",
    "ZONE": "`zone`",
    "BOUNDARY": "`boundary`",
    "GROUP": "`group`",
    "$END": "the end of the file",
}
_KEYWORDS = {"TITLE", "INCLUDE", "SLO", "REGION", "ZONE", "BOUNDARY", "GROUP"}
_STATEMENT_START = _KEYWORDS | {"IDENT"}
_RESUME_AT = _STATEMENT_START | {"RBRACE"}  # where error recovery may pick up again
_CLOSERS = {"[": ("]", "RBRACK"), "{": ("}", "RBRACE")}
_MAX_SYNTAX_ERRORS = 20
_PASS = -1  # the size of a reduction whose one child stands for the rule
_TABLE_FORMAT = 1
NESTED_LIST = "[...]"  # the text of a list written inside a list, which no attribute takes


class ParserBuildError(RuntimeError):
    """The shipped parse table does not fit this parser or the grammar beside it."""


def _span(token) -> Span:
    """A token's place: a token is `(type, text, line, column)`, all on one line."""
    return (token[2], token[3], token[2], token[3] + len(token[1]))


class _Token:
    """A token as a syntax problem describes it (Lark's reference parser gives its own tokens,
    which read the same)."""

    __slots__ = ("type", "value", "line", "column", "end_line", "end_column")

    def __init__(self, type_, value, line, column, end_column):
        self.type = type_
        self.value = value
        self.line = line
        self.column = column
        self.end_line = line
        self.end_column = end_column

    def __str__(self) -> str:
        return self.value


class _Builder:
    """The grammar's reductions for one parse: each builds a syntax node from its children.

    One per call, holding that call's comments and literal errors. The method names are the
    grammar's rule names; Lark's reference parser calls the same methods (tests/lark_reference.py).
    A token is a plain tuple `(type, text, line, column)`: a large design has millions of them.
    """

    def __init__(self) -> None:
        self.comments: list[Comment] = []
        self.literal_errors: list[tuple[str, Span]] = []
        # Each distinct word written as a value read once: (kind, value, its text, why it is no
        # literal or None). A design repeats the same few hundred values many thousands of times,
        # and they then share one text and one value.
        self._words: dict[tuple[str, str], tuple[str, object, str, str | None]] = {}
        self._texts: dict[str, str] = {}

    # --- values -------------------------------------------------------------------------
    def _value(self, item) -> Value:
        if isinstance(item, Value):
            return item
        type_, text, line, column = item
        word = self._words.get((type_, text))
        if word is None:
            word = self._words[(type_, text)] = _read_word(type_, text)
        kind, value, text, problem = word
        span = (line, column, line, column + len(text))
        if problem is not None:
            self.literal_errors.append((problem, span))
        return Value(kind, value, text, span)

    def _string(self, token) -> str:
        """A label's or an include's string; one string per distinct text (labels repeat)."""
        text, problem = _unquoted(token[1])
        if problem is not None:
            self.literal_errors.append((problem, _span(token)))
        return self._texts.setdefault(text, text)

    def list(self, children):
        open_, *values, close = children
        span = join(_span(open_), _span(close))
        items = [self._value(v) for v in values]
        # A list inside a list is reported once, where it is; the lists around it stand for it
        # as `[...]`, so that deep nesting costs linear time and memory, not quadratic.
        for item in items:
            if item.kind == "list" or item.text == NESTED_LIST:
                if item.kind == "list":
                    self.literal_errors.append(("a list cannot hold another list", item.span))
                return Value("invalid", None, NESTED_LIST, span)
        text = "[" + ", ".join(v.text for v in items) + "]"
        return Value("list", items, self._texts.setdefault(text, text), span)  # one text per distinct list

    def attribute(self, children):
        (_, name, line, column), value = children
        return Attr(name, (line, column, line, column + len(name)), self._value(value))

    def attr_list(self, children):
        return ("attrs", children[1:-1], join(_span(children[0]), _span(children[-1])))

    def attr_block(self, children):
        return ("attrs", children[1:-1], join(_span(children[0]), _span(children[-1])))

    # --- statements ---------------------------------------------------------------------
    def title(self, children):
        keyword, text = children
        return TitleNode(self._string(text), join(_span(keyword), _span(text)))

    def include(self, children):
        keyword, path = children
        return IncludeNode(self._string(path), _span(path), join(_span(keyword), _span(path)))

    def slo(self, children):
        keyword, (_, attrs, attrs_span) = children
        return SloNode(attrs, join(_span(keyword), attrs_span))

    def component(self, children):
        kind, ident, *rest = children
        label = None
        attrs: list[Attr] = []
        end = _span(ident)
        for item in rest:
            if item[0] == "attrs":
                attrs.extend(item[1])
                end = item[2]
            else:
                label = self._string(item)
                end = _span(item)
        return ComponentNode(kind[1], _span(kind), ident[1], _span(ident), label, attrs, join(_span(kind), end))

    def group_keyword(self, children):
        return children[0]

    def group_head(self, children):
        """A group from its keyword to its `{`: its body and its end come with `group`."""
        keyword, ident, *rest = children
        label = None
        attrs: list[Attr] = []
        for item in rest[:-1]:
            if item[0] == "attrs":
                attrs.extend(item[1])
            else:
                label = self._string(item)
        header = join(_span(keyword), _span(rest[-1]))
        return GroupNode(keyword[1], ident[1], _span(ident), label, attrs, [], header, header)

    def group(self, children):
        node = children[0]
        node.body = children[1:-1]
        node.span = join(node.header_span, _span(children[-1]))
        return node

    def refs(self, children):
        return [Ref(ident, (line, column, line, column + len(ident))) for _, ident, line, column in children]

    def edge(self, children):
        stages = [children[0]]
        arrows: list[str] = []
        label = None
        attrs: list[Attr] = []
        end = children[0][-1].span
        index = 1
        while index < len(children):
            item = children[index]
            if isinstance(item, list):
                stages.append(item)
                end = item[-1].span
            elif item[0] == "attrs":
                attrs = list(item[1])
                end = item[2]
            elif item[0] == "ARROW":
                arrows.append(_ARROWS[item[1]])  # the arrow as a constant, not a slice of the line
            else:
                label = self._string(item)
                end = _span(item)
            index += 1
        return EdgeNode(stages, arrows, label, attrs, join(children[0][0].span, end))

    def start(self, children):
        return children


class StatementSink(Protocol):
    """What takes a file's statements as they are parsed (the loader)."""

    def open_group(self, node: GroupNode) -> None:
        """A group's header was read; its body follows."""

    def statement(self, node: Statement) -> None:
        """A statement was read whole; a group comes here at its `}`, after its body."""


_ARROWS = {"->": "->", "~>": "~>"}


def _read_word(type_: str, text: str) -> tuple[str, object, str, str | None]:
    """A string, number or identifier written as a value: (kind, value, text, why it is no
    literal or None). A string with a bad escape is still a string: the text between its quotes."""
    if type_ == "STRING":
        string, problem = _unquoted(text)
        return ("string", string, text, problem)
    if type_ == "NUMBER":
        try:
            kind, number = read_number_literal(text)
        except LiteralError as err:
            return ("invalid", None, text, str(err))
        return (kind, number, text, None)
    if text in ("true", "false"):
        return ("bool", text == "true", text, None)
    return ("symbol", text, text, None)


def _unquoted(text: str) -> tuple[str, str | None]:
    """A string literal's value, and why its escapes are wrong (None when they are right)."""
    if "\\" not in text:  # no escape: the text between the quotes is the string
        return text[1:-1], None
    try:
        return json.loads(text, strict=False), None  # a raw tab in a label is harmless
    except ValueError:
        return text[1:-1], (f"invalid escape in string {text}: strings take JSON escapes "
                            "(`\\\"`, `\\\\`, `\\n`, `\\u00e9`)")


@dataclass
class ParseResult:
    tree: FileTree | None
    errors: list[Finding]


class _SyntaxProblems(Exception):
    """Every syntax error of a text, in order."""

    def __init__(self, problems: list) -> None:
        super().__init__(len(problems))
        self.problems = problems


class _SyntaxProblem(Exception):
    """Where the text stops being valid: an unexpected character, or a token (None at the end
    of the text) that the parser state does not accept, with the terminals it would."""

    def __init__(self, line: int, column: int, *, position: int | None = None, token=None,
                 expected: frozenset = frozenset()) -> None:
        super().__init__(line, column)
        self.line, self.column, self.position = line, column, position
        self.token, self.expected = token, expected


def _shaper(plan: str):
    """How one rule's children become its reduction's arguments (Lark's tree shaping): k keeps
    a child, d drops it (a filtered token), s splices an inlined rule's list in its place.

    The common plans get a function of their own: a reduction runs once per few tokens."""
    if set(plan) <= {"k"}:
        return None
    keep = [index for index, op in enumerate(plan) if op == "k"]
    if "s" not in plan:
        if len(keep) == 1:
            only = keep[0]
            return lambda children: [children[only]]
        return lambda children: [children[index] for index in keep]
    if plan[0] == "s" and "s" not in plan[1:] and len(keep) == 1:
        # A left-recursive helper (`a*` is `h: h a | a`) grows its list in place: copying it at
        # each step would make a long list quadratic.
        only = keep[0]

        def grow(children):
            kept = children[0]
            kept.append(children[only])
            return kept

        return grow

    def shape(children):
        kept = children[0] if plan[0] == "s" else []  # grown in place, as above
        for op, child in zip(plan[1:] if plan[0] == "s" else plan, children[1:] if plan[0] == "s" else children):
            if op == "k":
                kept.append(child)
            elif op == "s":
                kept.extend(child)
        return kept

    return shape


@dataclass
class _Rules:
    """The grammar's rules as the loop reduces them."""

    names: list[str]
    shapers: list = field(default_factory=list)
    expand1: list[bool] = field(default_factory=list)


class Parser:
    """The grammar's LALR table and lexer, built once and shared; each `parse` call keeps its
    own state (the reductions' builder, the stacks), so calls are independent.

    Token kinds are small integers and each state's actions a list indexed by them: the loop
    hashes no strings. The lexer is one compiled regular expression with a group per terminal,
    blanks skipped inside each match.
    """

    def __init__(self, table: dict) -> None:
        _check_table(table)
        self.names: list[str] = table["terminals"]
        kind = {name: index for index, name in enumerate(self.names)}
        self.END, self.IDENT, self.COMMENT = kind["$END"], kind["IDENT"], kind["COMMENT"]
        self.resume_at = frozenset(kind[name] for name in _RESUME_AT if name in kind)
        self.start, self.end = table["start"], table["end"]
        states = len(table["states"])
        gotos: dict[str, list] = {}
        for symbol, pairs in table["gotos"].items():
            row = gotos[symbol] = [None] * states
            for state, target in pairs:
                row[state] = target
        self.statement_states = frozenset(i for i, t in enumerate(gotos.get("_statement", [])) if t is not None)
        rules = table["rules"]
        self.rules = _Rules([name for name, _, _ in rules], [_shaper(plan) for _, plan, _ in rules],
                            [expand1 for _, _, expand1 in rules])
        # A shift is (None, next state); a reduction is (rule size, rule index, goto by state),
        # the size being _PASS for a `?rule: x` with one child, which stands for the rule itself.
        self.actions: list[list] = []
        for row in table["states"]:
            actions = [None] * len(self.names)
            for terminal, op, argument in row:
                name, plan, expand1 = rules[argument] if op == "r" else (None, None, None)
                size = _PASS if expand1 and plan == "k" else len(plan or "")
                actions[terminal] = (None, argument) if op == "s" else (size, argument, gotos[name])
            self.actions.append(actions)
        # A group's body begins at its `{`, though its header is reduced only at the next token:
        # error recovery picks up there as it does later in the body, so the group stays open.
        heads = {index for index, name in enumerate(self.rules.names) if name == "group_head"}
        self.statement_states |= {state for state, actions in enumerate(self.actions) if _only_reduces(actions, heads)}
        self.keywords = {word: kind[name] for word, name in table["keywords"].items()}
        patterns = table["patterns"]
        blank = table["blank"]
        alternatives = "|".join(f"(?P<{name}>{regex})" for name, regex in patterns)
        self.master = re.compile(f"(?:{blank})?(?:{alternatives})")
        if self.master.groups != len(patterns):
            raise ParserBuildError("a terminal's pattern has a capturing group; the lexer needs one group per terminal")
        self.group_kind = [None] + [kind[name] for name, _ in patterns]  # regex group number -> kind
        self.blanks = re.compile(f"(?:{blank})?")

    def blank_end(self, text: str, position: int) -> int:
        return self.blanks.match(text, position).end()

    def _reducers(self, builder: _Builder, sink: StatementSink | None) -> list:
        """Each rule's reduction for one call: shaped children to the builder's method. With a
        sink, each statement goes to it as soon as it is reduced instead of into the tree."""
        reducers = []
        for name, shape, expand1 in zip(self.rules.names, self.rules.shapers, self.rules.expand1):
            target = None if name.startswith("_") else getattr(builder, name, None)
            if sink is not None and name == "_statement":
                reducers.append(_delivered(sink.statement))
            elif sink is not None and name == "group_head":
                reducers.append(_opened(shape, target, sink.open_group))
            elif expand1:  # (a `?rule: x` with one child never gets here: its action is _PASS)
                reducers.append(_expand1(shape, target))
            elif target is None:  # an inlined rule: its children are spliced into its parent's
                reducers.append(shape or list)
            elif shape is None:
                reducers.append(target)
            else:
                reducers.append(lambda children, shape=shape, target=target: target(shape(children)))
        return reducers

    def parse(self, text: str, file: str, sink: StatementSink | None = None) -> ParseResult:
        """Parse one file's text. On syntax errors the tree is None and `errors` says where and why.

        With a `sink`, each statement is handed to it as it is reduced (a group is opened at its
        `{` and handed over, body read, at its `}`), and the tree's statements stay empty: no
        syntax tree of the whole file is ever alive. The parse then stops at the first syntax
        error, since what the sink was given up to there is to be thrown away.
        """
        builder = _Builder()
        with gc_paused():
            try:
                statements = self._run(text, builder, sink)
            except _SyntaxProblems as found:
                return ParseResult(None, [self.syntax_error(problem, text, file) for problem in found.problems])
        errors = [diagnostic("invalid-value", message, _location(file, span)) for message, span in builder.literal_errors]
        return ParseResult(FileTree(statements, builder.comments), errors)

    def _run(self, text: str, builder: _Builder, sink: StatementSink | None = None) -> list:
        """The statements of `text`; `_SyntaxProblems` listing every syntax error otherwise.

        The text is lexed a line at a time (no token spans two lines), so a token's column is
        where it starts in its line; each token is a plain tuple `(type, text, line, column)`
        fed to the table. A line whose tokens stop before its end holds a character no token
        starts with: the tokens before it are fed, then the character is reported.

        After an error the parser skips to the next line that starts a statement (or closes a
        group), unwinds to where a statement may begin, and goes on, so one run reports every
        broken statement rather than the first.
        """
        actions_of, keywords, end_state, names = self.actions, self.keywords, self.end, self.names
        group_kind, IDENT, COMMENT, END = self.group_kind, self.IDENT, self.COMMENT, self.END
        reducers = self._reducers(builder, sink)
        most_problems = 1 if sink is not None else _MAX_SYNTAX_ERRORS
        comments = builder.comments
        intern = sys.intern
        state_stack = [self.start]
        value_stack: list = []
        push_state, push_value = state_stack.append, value_stack.append
        scanner = self.master.scanner  # its `match` goes on from where the last match ended
        problems: list[_SyntaxProblem] = []
        skip_through_line = 0  # while recovering: drop tokens up to the end of this line
        line_start = 0  # where the current line starts in the text
        text_end = len(text)
        line = 0
        while True:
            # Each line is cut from the text when it is lexed (a list of every line would be a
            # second copy of the text); after the last, None stands for the end of the text.
            if line_start > text_end:
                line_text = None
            else:
                line_end = text.find("\n", line_start)
                if line_end < 0:
                    line_end = text_end
                line_text = text[line_start:line_end]
            line += 1
            found = None  # the line's last token: how far its tokens reach
            if line_text is None:
                if skip_through_line:
                    self._resume(END, state_stack, value_stack)
                found_tokens = (None,)
            else:
                # Token after token until none starts where the last ended: never a search, so
                # a line that goes wrong costs no more than its length.
                found_tokens = iter(scanner(line_text).match, None)
            for found in found_tokens:
                if found is None:
                    kind, token = END, None
                else:
                    group = found.lastindex
                    kind = group_kind[group]
                    value = found.group(group)
                    column = found.start(group) + 1
                    if kind == COMMENT:
                        comments.append(Comment(value, line, column, column + len(value)))
                        continue
                    if kind == IDENT:
                        kind = keywords.get(value, IDENT)
                        value = intern(value)  # an id named in many edges is one string, not many
                    if skip_through_line:
                        if line <= skip_through_line or not self._resume(kind, state_stack, value_stack):
                            skip_through_line = line  # not a place to resume: skip the rest of this line
                            continue
                        skip_through_line = 0
                    token = (names[kind], value, line, column)
                state = state_stack[-1]
                while True:
                    action = actions_of[state][kind]
                    if action is None or (token is None and action[0] is None):
                        _record(problems, self._unexpected(state, token), most_problems)
                        if token is None:
                            raise _SyntaxProblems(problems)
                        skip_through_line = line
                        break
                    size = action[0]
                    if size is None:
                        push_state(action[1])
                        push_value(token)
                        break
                    if size is _PASS:  # the child stands for the rule: only the state changes
                        state_stack[-1] = action[2][state_stack[-2]]
                        state = state_stack[-1]
                        continue
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    push_value(reducers[action[1]](children))
                    state = action[2][state_stack[-1]]
                    push_state(state)
                    if token is None and state == end_state:
                        if problems:
                            raise _SyntaxProblems(problems)
                        return value_stack[-1]
            # (The end of the text never gets here: it is accepted or reported above.)
            covered = found.end() if found is not None else 0
            if covered < len(line_text):  # an unexpected character, unless only blanks are left
                blank_end = self.blank_end(line_text, covered)
                if blank_end < len(line_text):
                    if line > skip_through_line:  # a line already being skipped says nothing new
                        _record(problems, _SyntaxProblem(line, blank_end + 1, position=line_start + blank_end),
                                most_problems)
                    skip_through_line = line
            line_start = line_end + 1

    def _unexpected(self, state: int, token) -> _SyntaxProblem:
        """A token (None: the end of the text) that `state` does not accept, with what it would."""
        names = self.names
        expected = frozenset(names[k] for k, a in enumerate(self.actions[state]) if a is not None)
        if token is None:
            return _SyntaxProblem(0, 0, expected=expected)
        type_, value, line, column = token
        return _SyntaxProblem(line, column, token=_Token(type_, value, line, column, column + len(value)),
                              expected=expected)

    def _resume(self, kind: int, state_stack: list, value_stack: list) -> bool:
        """Unwind to the innermost place a statement may begin; whether `kind` fits there."""
        if kind not in self.resume_at and kind != self.END:
            return False
        while len(state_stack) > 1 and state_stack[-1] not in self.statement_states:
            state_stack.pop()
            value_stack.pop()
        return self.actions[state_stack[-1]][kind] is not None

    def syntax_error(self, problem: _SyntaxProblem, text: str, file: str) -> Finding:
        """A syntax problem as a finding in words."""
        return _syntax_error(problem, text, file, self)


def _expand1(shape, target):
    """A `?rule`: one child stands for itself; more go to the rule's method."""
    def reduce(children):
        kept = shape(children) if shape is not None else children
        return kept[0] if len(kept) == 1 or target is None else target(kept)

    return reduce



def _only_reduces(actions: list, rules: set[int]) -> bool:
    """Whether a state's every action reduces one of `rules` (the state is at such a rule's end)."""
    taken = [action for action in actions if action is not None]
    return bool(taken) and all(action[0] is not None and action[1] in rules for action in taken)


def _record(problems: list, problem: _SyntaxProblem, most: int) -> None:
    problems.append(problem)
    if len(problems) >= most:
        raise _SyntaxProblems(problems)


def _delivered(statement):
    """A statement handed to the sink: nothing of it is left for the tree (a fresh empty list,
    since the list a reduction returns is grown in place by the next)."""
    def deliver(children):
        statement(children[0])
        return []

    return deliver


def _opened(shape, target, open_group):
    """A group's header reduced: the sink opens the group before its body is read."""
    def reduce(children):
        node = target(shape(children) if shape is not None else children)
        open_group(node)
        return node

    return reduce


def _check_table(table: dict) -> None:
    """The shipped table has the shape this parser reads; a clear error otherwise."""
    expected = {"format", "grammar_sha256", "terminals", "keywords", "patterns", "blank", "rules", "states", "gotos",
                "start", "end"}
    if not isinstance(table, dict) or table.get("format") != _TABLE_FORMAT or set(table) != expected:
        raise ParserBuildError(f"the parse table is not in format {_TABLE_FORMAT}: run tools/gen_parse_table.py")
    for name in ("$END", "IDENT", "COMMENT"):
        if name not in table["terminals"]:
            raise ParserBuildError(f"the parse table has no terminal {name}: run tools/gen_parse_table.py")


def shipped_table() -> dict:
    """The table shipped beside the grammar, checked to be the grammar's."""
    package = resources.files("archlint.grammar")
    grammar = package.joinpath("archlint.lark").read_bytes()
    table = json.loads(package.joinpath("archlint.table.json").read_text(encoding="utf-8"))
    if table.get("grammar_sha256") != hashlib.sha256(grammar).hexdigest():
        raise ParserBuildError("grammar/archlint.table.json was built from another grammar: run tools/gen_parse_table.py")
    return table


@cache
def default_parser() -> Parser:
    """The parser of the shipped grammar, built once per process (it is immutable once built)."""
    return Parser(shipped_table())


def parse(text: str, file: str, sink: StatementSink | None = None) -> ParseResult:
    """Parse one file's text with the shipped grammar (see `Parser.parse`)."""
    return default_parser().parse(text, file, sink)


def _location(file: str, span: Span) -> Location:
    return Location(file=file, line=span[0], column=span[1], end_line=span[2], end_column=span[3])


# --- syntax errors in words ---------------------------------------------------------------

def _end_of_text(text: str) -> tuple[int, int]:
    """Just after the last character that is not blank: where the missing piece belongs."""
    content = text.rstrip()
    lines = content.split("\n")
    return len(lines), len(lines[-1]) + 1


def _open_brackets(text: str, line: int, column: int, lexer: Parser) -> list[tuple[str, int, int]]:
    """The brackets still open at (line, column), innermost last."""
    stack: list[tuple[str, int, int]] = []
    position, current_line, line_start = 0, 1, 0
    while True:
        found = lexer.master.match(text, position)
        if found is None:  # a character no token starts with (an earlier error): skip its line, as the parse did
            position = text.find("\n", lexer.blank_end(text, position))
            if position < 0:
                return stack
            continue
        kind = found.lastgroup
        start = found.start(kind)
        newlines = text.count("\n", position, start)
        if newlines:
            current_line += newlines
            line_start = text.rindex("\n", position, start) + 1
        if (current_line, start - line_start + 1) >= (line, column):
            return stack
        if kind in ("LBRACK", "LBRACE"):
            stack.append((found.group(kind), current_line, start - line_start + 1))
        elif kind in ("RBRACK", "RBRACE") and stack:
            stack.pop()
        position = found.end()


def _describe_found(token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "IDENT":
        return f"identifier `{token}`"
    if token.type in _KEYWORDS:
        return f"keyword `{token}`"
    if token.type == "STRING":
        return f"string {token}"
    if token.type == "NUMBER":
        return f"`{token}`"
    return f"`{token}`"


def _join_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _expected_words(expected: set[str], open_brackets) -> list[str]:
    expected = set(expected)
    words: list[str] = []
    closing = None
    if open_brackets:
        opener, line, column = open_brackets[-1]
        closer, closer_terminal = _CLOSERS[opener]
        if closer_terminal in expected:
            expected.discard(closer_terminal)
            closing = f"`{closer}` to close `{opener}` opened at {line}:{column}"
    if open_brackets:  # inside `[`, a `}` cannot be meant, and the other way round
        other = "RBRACE" if open_brackets[-1][0] == "[" else "RBRACK"
        expected.discard(other)
    starts_statement = _STATEMENT_START <= expected
    if starts_statement:
        expected -= _STATEMENT_START
    order = ["_EQ", "STRING", "LBRACK", "LBRACE", "ARROW", "_COMMA", "IDENT", "NUMBER",
             "RBRACK", "RBRACE", *sorted(_KEYWORDS)]
    for terminal in order:
        if terminal in expected:
            word = _WORDS[terminal]
            if word not in words:
                words.append(word)
    if starts_statement:
        words.append("a new statement")
    if "$END" in expected and not starts_statement:
        words.append(_WORDS["$END"])
    if closing:
        words.append(closing)
    return words


def _syntax_error(problem: _SyntaxProblem, text: str, file: str, lexer: Parser) -> Finding:
    help_text = None
    if problem.position is not None:
        line, column = problem.line, problem.column
        char = text[problem.position] if problem.position < len(text) else ""
        end = (line, column + 1)
        line_text = text.split("\n", line)[line - 1] if line - 1 < text.count("\n") + 1 else ""
        message, help_text = _unexpected_character(char, line_text, column)
    else:
        token = problem.token
        if token is None:
            line, column = _end_of_text(text)
            end = (line, column)
            found = "the end of the file"
        else:
            line, column = token.line, token.column
            end = (token.end_line, token.end_column)
            found = _describe_found(token)
        expected = _expected_words(set(problem.expected), _open_brackets(text, line, column, lexer))
        message = f"expected {_join_words(expected)}, found {found}" if expected else f"unexpected {found}"
        help_text = _hint_for_token(token, set(problem.expected)) if token is not None else None
    location = Location(file=file, line=line, column=column, end_line=end[0], end_column=end[1])
    return diagnostic("syntax-error", message, location, help=help_text)


def _unexpected_character(char: str, line_text: str, column: int) -> tuple[str, str | None]:
    before = line_text[: column - 1]
    after = line_text[column:]
    if char == '"':
        return "unterminated string", 'a string ends with `"` on the line it starts'
    if char == "-" and before[-1:].isalnum() and after[:1].isalpha():
        head = re.split(r"[^A-Za-z0-9_-]", before)[-1]
        tail = re.match(r"[A-Za-z0-9_-]*", after).group()
        word = f"{head}-{tail}"
        if before[: len(before) - len(head)].rstrip().endswith("="):  # a value: quote it
            return f"unexpected `-` in the value `{word}`", f'a value with `-` is a string: write "{word}"'
        return "unexpected `-` in an identifier", f"identifiers cannot contain `-`; did you mean `{word.replace('-', '_')}`?"
    if char in "-=<" :
        return f"unexpected `{char}`", "arrows are `->` (a synchronous call) and `~>` (an asynchronous message)"
    if char == ":":
        return "unexpected `:`", "attributes are written `name=value`"
    if char == "\x00":
        return "unexpected NUL byte", None
    if char == "'":
        return "unexpected `'`", 'strings are written in double quotes: "..."'
    printable = char if char.isprintable() else repr(char)
    return f"unexpected character `{printable}`", None


def _hint_for_token(token, expected: set[str]) -> str | None:
    if token.type == "_EQ" and "ARROW" in expected:
        return "attributes go in brackets after the id, `service api [replicas=3]`; arrows are `->` and `~>`"
    if token.type == "_EQ" and "LBRACK" in expected:
        return "attributes go in brackets, `service api [replicas=3]`, or a `{ name = value }` block"
    if token.type in _KEYWORDS and "NUMBER" in expected:
        return f'`{token}` is a keyword; write the value as a string: "{token}"'
    if token.type == "ZONE" and "RBRACK" in expected:
        return "`zone` is a keyword; did you mean the attribute `zones`?"
    if token.type in _KEYWORDS and "IDENT" in expected:
        return f"`{token}` is a keyword; choose another name (`{token}_1`, `my_{token}`)"
    if token.type == "IDENT" and "_COMMA" in expected and "RBRACK" in expected:
        return "separate attributes with `,`"
    return None
