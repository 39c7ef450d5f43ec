# A package, so that pytest imports the conftest here as `plugins.conftest`: a second plain
# `conftest` module would replace tests/conftest.py, which the tests import by that name.
