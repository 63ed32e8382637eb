"""Where the project's schemas, templates and MkDocs configuration live."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = PROJECT_ROOT / "schemas"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"

SCHEMA_FILES = {
    "item": "item.schema.json",
    "department": "department.schema.json",
    "bundle": "bundle.schema.json",
    "laws": "laws.schema.json",
    "materials": "materials.schema.json",
    "windows": "windows.schema.json",
}
