"""Run the validation stages over a catalog directory and collect every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath

from onewindow.catalog.loader import LoadedFile, Sources
from onewindow.check.codes import severity_of
from onewindow.check.problems import Finding, Phase, Problem
from onewindow.check.rules import RULES, Index
from onewindow.check.rules.placeholders import CODE as PLACEHOLDER_CODE


@dataclass
class CheckResult:
    sources: Sources
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)  # counts worth reporting (province checks)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_file(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.file, []).append(problem)
        return grouped


def locate(finding: Finding, files: dict[str, LoadedFile]) -> Problem:
    loaded = files.get(finding.file)
    line, column = loaded.position(finding.path) if loaded else (1, 1)
    return Problem(finding.code, finding.message, finding.file, line, column, finding.path, finding.hint,
                   severity=severity_of(finding.code), phase=Phase.CONSISTENCY)


def run_rules(sources: Sources) -> list[Problem]:
    index = Index.build(sources)
    files = {f.file: f for f in sources.files}
    return [locate(finding, files) for rule in RULES for finding in rule(index)]


def check_catalog(catalog_dir: FsPath, suppress: frozenset[str] = frozenset(), *,
                  keep_data: bool = True, memo_file: FsPath | None = None) -> CheckResult:
    """Check a flat catalog, a local implementation catalog (layer.yml) or a province tree.

    keep_data=False (the `check` command) keeps no item data in the result: only the problems.
    `memo_file` (a build's) lets a flat catalog, or a local catalog's base, skip item files
    unchanged since the last check."""
    from onewindow.catalog.layers import is_layer, is_province
    from onewindow.check import layered

    if is_layer(catalog_dir):
        return layered.check_layer(catalog_dir, suppress, memo_file=memo_file)
    if is_province(catalog_dir):
        return layered.check_province(catalog_dir, suppress)
    return check_flat(catalog_dir, suppress, keep_data=keep_data, memo_file=memo_file)


def check_flat(catalog_dir: FsPath, suppress: frozenset[str] = frozenset(), *, keep_data: bool = True,
               memo_file: FsPath | None = None) -> CheckResult:
    """load → schema → consistency. Rules run even when the schema fails, so one pass shows all.

    Items are checked in worker processes without keeping their positions (check/streaming.py)."""
    from onewindow.check.streaming import check_stream

    sources, problems = check_stream(catalog_dir, keep_data=keep_data, memo_file=memo_file)
    problems += [_stray_implementation(f) for f in sources.files if f.kind == "implementation"]
    return CheckResult(sources, finish(problems, suppress))


def _stray_implementation(loaded: LoadedFile) -> Problem:
    return Problem("OW309", "implementations/ 中的实施清单记录只能放在有 layer.yml 的地区目录中", loaded.file, 1, 1, (),
                   "在目录中添加 layer.yml 并用 base 指向基本目录；或把事项写成完整的 items/<部门>/<编码>.yml",
                   severity=severity_of("OW309"), phase=Phase.CONSISTENCY)


def finish(problems: list[Problem], suppress: frozenset[str]) -> list[Problem]:
    """Suppress, take severity from the registry, de-duplicate and sort."""
    kept = [p for p in _placeholders_only(problems) if p.code not in suppress]
    # Severity comes from the code registry so loader and schema problems agree with it too.
    kept = [p if p.severity == severity_of(p.code) else _with_severity(p) for p in kept]
    return sorted(dict.fromkeys(kept), key=Problem.sort_key)


def _placeholders_only(problems: list[Problem]) -> list[Problem]:
    """One problem per unfilled placeholder: a "待填写：…" value also fails its enum, type,
    pattern or reference check, which only repeats that it still has to be filled in."""
    placeholders = {(p.file, p.path) for p in problems if p.code == PLACEHOLDER_CODE}
    if not placeholders:
        return problems
    return [p for p in problems if p.code == PLACEHOLDER_CODE or (p.file, p.path) not in placeholders]


def _with_severity(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, severity=severity_of(problem.code))
