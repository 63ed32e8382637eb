"""Command-line interface: `onewindow` and its verbs."""

from onewindow.cli.main import main

__all__ = ["main"]
