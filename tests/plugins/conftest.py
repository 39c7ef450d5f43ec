"""The example pack is a project of its own, with its own tests: they need the pack installed,
so archlint's suite does not collect them. tests/test_plugins.py installs the pack into a
temporary directory and runs them there, with the pack's own pytest configuration."""

collect_ignore = ["archlint_example_pack"]
