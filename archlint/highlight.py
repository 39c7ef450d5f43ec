"""A Pygments lexer for the archlint language, for documentation sites and HTML pages.

Registered under the `pygments.lexers` entry point, so `pygmentize -l arch` and the ```` ```arch ````
blocks of Pygments-based tools (Sphinx, MkDocs, Python-Markdown) find it once archlint is
installed. Keywords and kinds come from the language's one declaration; the token types follow
the TextMate grammar's scopes (tools/gen_textmate.py). Nothing in archlint imports this module.
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from .language import GROUP_KEYWORDS, KEYWORDS, KIND_ALIASES, STATEMENT_KEYWORDS

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# `kind id` at the start of a line or a block, not the start of an edge (`a, b -> c`, `a -> b`).
_DECLARATION = rf"(?!(?:{'|'.join(KEYWORDS)})\b)({_IDENT})([ \t]+)({_IDENT})\b(?![ \t]*(?:,|->|~>|=))"


class ArchLexer(RegexLexer):
    """Designs (`.arch` files) and the ```` ```arch ```` blocks of Markdown documents."""

    name = "archlint"
    aliases = ["arch", "archlint"]
    filenames = ["*.arch"]
    mimetypes = ["text/x-archlint"]
    url = "https://github.com/archlint/archlint"

    tokens = {
        "root": [
            # Before the blanks: a declaration is known by its place, first on a line or in a block.
            (rf"(?m)^([ \t]*){_DECLARATION}", bygroups(Whitespace, Keyword.Type, Whitespace, Name.Class)),
            (rf"(?<=\{{)([ \t]*){_DECLARATION}", bygroups(Whitespace, Keyword.Type, Whitespace, Name.Class)),
            (r"\n", Whitespace),
            (r"[ \t\f\r]+", Whitespace),
            (r"(#)([ \t]*)(archlint)([ \t]*:[ \t]*)([\w-]+)([ \t]*\[)([^\]\n]*)(\])([^\n]*)",
             bygroups(Comment.Special, Comment.Special, Comment.Preproc, Comment.Special, Comment.Preproc,
                      Comment.Special, Name.Label, Comment.Special, Comment.Special)),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            (words(STATEMENT_KEYWORDS, suffix=r"\b"), Keyword),
            (rf"\b({'|'.join(GROUP_KEYWORDS)})\b(?:([ \t]+)({_IDENT}))?",
             bygroups(Keyword.Declaration, Whitespace, Name.Namespace)),
            (rf"({_IDENT})([ \t]*)(=)", bygroups(Name.Attribute, Whitespace, Operator)),
            (r"-?[0-9][A-Za-z0-9_.%/]*", Number),
            (words(("true", "false"), suffix=r"\b"), Keyword.Constant),
            (r"->|~>", Operator),
            (r"[\[\]{},]", Punctuation),
            (_IDENT, Name.Variable),
            (r".", Text),  # what the language has no word for: archlint reports it, the lexer passes it on
        ],
        "string": [
            (r'\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})', String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            (r"\\[^\n]", String.Double),  # a bad escape: archlint reports it
            default("#pop"),  # an unterminated string ends with its line
        ],
    }

    def analyse_text(text: str) -> float:  # noqa: N805 (Pygments calls it as a static method)
        """Confident when a line declares a known kind (`service api`) and another has an arrow."""
        kinds = "|".join(KIND_ALIASES)
        declares = re.search(rf"(?m)^\s*(?:{kinds})\s+{_IDENT}\b", text)
        return 0.3 if declares and ("->" in text or "~>" in text) else 0.0
