"""The built-in rule pack: the checks a senior reviewer makes of a design."""

RULE_MODULES = (
    "single_point_of_failure",
    "zone_single_point_of_failure",
    "stateful_app_server",
    "uncached_read_path",
    "missing_observability",
    "sync_cycle",
    "retry_amplification",
    "timeout_inversion",
    "retries_without_timeout",
    "queue_without_dlq",
    "volatile_primary_store",
    "shared_database",
    "dead_component",
    "plaintext_across_boundary",
    "sync_third_party",
    "sync_slow_work",
    "chatty_request",
    "unauthenticated_entry",
    "unlimited_entry",
    "client_to_datastore",
)
