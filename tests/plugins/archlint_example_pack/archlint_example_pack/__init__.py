"""An example archlint rule pack: one rule module per rule, listed in RULE_MODULES."""

RULE_MODULES = ("sync_call_timeout",)
