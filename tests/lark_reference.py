"""Lark's own LALR parser over the same grammar and the same reductions: the reference that
archlint's parser (the shipped table driven by its own loop) is tested against."""

from __future__ import annotations

from functools import cache
from importlib import resources

import lark

from archlint import parser as archlint_parser
from archlint.syntax import Comment


def _plain(child):
    """A Lark token as archlint's parser hands it to the reductions: `(type, text, line, column)`."""
    return (child.type, str(child), child.line, child.column) if isinstance(child, lark.Token) else child


class _Reference(lark.Transformer):
    """Lark calls the reductions by rule name; this hands each call to one parse's builder, its
    tokens in the parser's form."""

    def __init__(self) -> None:
        super().__init__()
        self.builder = archlint_parser._Builder()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        reduce = getattr(self.builder, name)
        return lambda children: reduce([_plain(child) for child in children])


@cache
def _lark() -> tuple[lark.Lark, _Reference]:
    grammar = resources.files("archlint.grammar").joinpath("archlint.lark").read_text(encoding="utf-8")
    reference = _Reference()
    callbacks = {"COMMENT": lambda token: reference.builder.comments.append(
        Comment(str(token), token.line, token.column, token.end_column))}
    return lark.Lark(grammar, parser="lalr", lexer="basic", transformer=reference, lexer_callbacks=callbacks), reference


def _problem(error) -> archlint_parser._SyntaxProblem:
    """Lark's exception as the problem archlint's parser describes."""
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        return archlint_parser._SyntaxProblem(error.line, error.column, position=error.pos_in_stream)
    token = None if error.token.type == "$END" or error.token.line is None else error.token
    line, column = (token.line, token.column) if token is not None else (0, 0)
    return archlint_parser._SyntaxProblem(line, column, token=token, expected=frozenset(error.expected))


def reference_parse(text: str):
    """(repr of the statements, repr of the comments), or the first syntax error as
    (location, message, help): what archlint's parser must give for `text`."""
    parser, reference = _lark()
    reference.builder = archlint_parser._Builder()
    try:
        statements = parser.parse(text)
    except lark.exceptions.UnexpectedInput as error:
        finding = archlint_parser.default_parser().syntax_error(_problem(error), text, "x.arch")
        return finding.location, finding.message, finding.help
    return repr(statements), repr(reference.builder.comments)
