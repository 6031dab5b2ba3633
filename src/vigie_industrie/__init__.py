"""Vigie Industrie: see, anticipate and act on industrial decline in French territories."""

__version__ = "0.1.0"
