"""The built-in rule pack: the checks a senior reviewer makes of a design."""

RULE_MODULES = (
    "single_point_of_failure",
    "zone_single_point_of_failure",
    "stateful_app_server",
    "uncached_read_path",
    "missing_observability",
)
