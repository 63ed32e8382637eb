"""Problems: findings about the catalog, as plain data (never exceptions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


class Phase(StrEnum):
    """Where in the pipeline a problem arose."""

    LOAD = "load"
    SCHEMA = "schema"
    CONSISTENCY = "consistency"
    MODEL = "model"
    RENDER = "render"


Path = tuple[str | int, ...]


def json_pointer(path: Path) -> str:
    """RFC 6901 pointer for a record path, e.g. ('materials', 3, 'name') -> /materials/3/name."""
    parts = (str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return "".join("/" + p for p in parts)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: Path = ()
    hint: str = ""
    severity: Severity = Severity.ERROR
    phase: Phase = Phase.CONSISTENCY
    schema_path: Path = field(default=(), compare=False)

    @property
    def json_path(self) -> str:
        return json_pointer(self.path)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.json_path,
            "message": self.message,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a code, a place in one record, and words. The runner adds file/line."""

    code: str
    file: str
    path: Path
    message: str
    hint: str = ""
