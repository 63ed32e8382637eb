"""The files onewindow ships inside its package: schemas, templates, the MkDocs defaults and theme.

They are package data read through `importlib.resources`, so an installed wheel works from any
folder; nothing here walks up from `__file__` to a checkout. Jinja, MkDocs and jsonschema want
real folders, so a package that is not on the file system (a zip) is extracted once per process.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

_extracted = ExitStack()
atexit.register(_extracted.close)


def package_path(*parts: str) -> Path:
    """A folder or file shipped in the onewindow package, as a path on disk."""
    resource = files("onewindow").joinpath(*parts)
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))


SCHEMAS_DIR = package_path("schemas")
TEMPLATES_DIR = package_path("templates")
# The MkDocs settings every site shares; a district's mkdocs.yml is merged over them.
DEFAULT_MKDOCS_YML = package_path("defaults", "mkdocs.yml")
# Theme overrides layered between a district's theme.custom_dir and Material.
THEME_DIR = package_path("theme")
# The district-style configuration `onewindow build` uses when neither --config nor a
# mkdocs.yml beside the catalog is given: the package defaults alone.
MKDOCS_YML = DEFAULT_MKDOCS_YML
