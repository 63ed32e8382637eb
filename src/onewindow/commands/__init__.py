"""CLI commands beyond check and build, one module each (each exposes `command`)."""
