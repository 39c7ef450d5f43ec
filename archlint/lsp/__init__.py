"""`archlint lsp`: the language server (docs/editors.md). Needs the `lsp` extra (pygls)."""
