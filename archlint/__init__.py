"""archlint: lint architecture diagrams written as code."""
__version__ = "0.1.0"
