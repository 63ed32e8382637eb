"""The CI workflow calls commands and options that really exist, and runs the check step for real."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from onewindow.cli.main import main

FIXTURE = Path(__file__).parent / "roots" / "editing-diff"


@pytest.fixture(scope="module")
def workflow(project_root: Path) -> dict[Any, Any]:
    return yaml.safe_load((project_root / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return workflow["jobs"]["catalog"]["steps"]


def onewindow_commands(workflow: dict[Any, Any]) -> list[tuple[str, list[str]]]:
    """(step name, argv) for every `onewindow …` line of every run script."""
    found = []
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            line = line.strip().split(">")[0].split("|")[0].strip()
            if line.startswith("onewindow "):
                found.append((step.get("name", ""), shlex.split(line)[1:]))
    return found


def expand(argv: list[str]) -> list[str]:
    return [os.path.expandvars(a) for a in argv]


def test_triggers_and_python(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert set(triggers["workflow_call"]["inputs"]) == {"catalog", "onewindow-repository", "onewindow-ref",
                                                        "site-url"}
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    apt = next(s for s in steps(workflow) if "apt-get install" in s.get("run", ""))
    assert {"graphviz", "fonts-wqy-microhei", "poppler-utils"} <= set(apt["run"].split())
    checkout = steps(workflow)[0]
    assert checkout["uses"].startswith("actions/checkout") and checkout["with"]["fetch-depth"] == 0


def test_every_onewindow_line_parses_against_the_real_cli(workflow: dict[Any, Any]) -> None:
    commands = onewindow_commands(workflow)
    verbs = [argv[0] for _, argv in commands]
    assert verbs.count("check") >= 1 and "build" in verbs and "diff" in verbs
    for name, argv in commands:
        command = main.commands.get(argv[0])
        assert command is not None, f"{name}: onewindow {argv[0]} does not exist"
        args = expand(argv[1:])
        with click.Context(main) as parent:
            command.make_context(argv[0], args, parent=parent)  # raises on unknown options


def test_check_step_runs_as_written(workflow: dict[Any, Any], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    step = next(s for s in steps(workflow) if s.get("id") == "check")
    argv = shlex.split(step["run"])
    assert argv[:4] == ["onewindow", "check", "--format", "github"]
    shutil.copytree(FIXTURE, tmp_path / "catalog")
    item = tmp_path / "catalog/items/scjg/999901000000XK00101.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("name: 经营场所平面布局图", "name: 相关证明材料"),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert workflow["env"]["CATALOG"] == "${{ inputs.catalog || vars.ONEWINDOW_CATALOG || 'catalog' }}"
    monkeypatch.setenv("CATALOG", "catalog")  # the value on pull_request and push
    result = CliRunner().invoke(main, expand(argv[1:]))
    assert result.exit_code == 1
    assert result.output.startswith(
        "::error file=catalog/items/scjg/999901000000XK00101.yml,line=35,col=11,title=OW201 兜底材料::")


def test_diff_comment_and_artifacts(workflow: dict[Any, Any]) -> None:
    by_name = {s.get("name"): s for s in steps(workflow)}
    diff = by_name["Describe the change for citizens"]
    assert 'onewindow diff "origin/$BASE_REF" HEAD --catalog "$CATALOG" > diff.md' in diff["run"]
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    comment = by_name["Comment on the pull request"]
    assert comment["uses"].startswith("marocchino/sticky-pull-request-comment@")
    assert comment["with"]["path"] == "diff.md"
    assert workflow["permissions"]["pull-requests"] == "write"
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert {u["with"]["name"]: u["with"]["path"].split() for u in uploads} == {
        "site": ["site/"], "build": ["build/", "!build/docs/"]}


def test_workflow_matches_githubs_schema(project_root: Path) -> None:
    """check-jsonschema ships the schema of GitHub workflow files (no network needed)."""
    import subprocess
    import sys

    tool = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows",
                           str(project_root / ".github/workflows/catalog.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- province matrix

@pytest.fixture(scope="module")
def province_workflow(project_root: Path) -> dict[Any, Any]:
    return yaml.safe_load((project_root / ".github/workflows/province.yml").read_text(encoding="utf-8"))


def _province_lines(flow: dict[Any, Any]) -> list[tuple[str, str, list[str]]]:
    """(job, step name, argv) for every `onewindow …` line of the province workflow."""
    found = []
    for job, spec in flow["jobs"].items():
        for step in spec["steps"]:
            for line in step.get("run", "").splitlines():
                line = line.strip()
                if line.startswith("onewindow "):
                    found.append((job, step.get("name", ""), shlex.split(line)[1:]))
    return found


def test_province_builds_each_district_as_its_own_job(province_workflow: dict[Any, Any]) -> None:
    jobs = province_workflow["jobs"]
    district = jobs["district"]
    assert district["needs"] == "plan"
    assert district["strategy"]["fail-fast"] is False
    assert district["strategy"]["matrix"]["district"] == "${{ fromJSON(needs.plan.outputs.districts) }}"
    assert jobs["plan"]["outputs"]["districts"] == "${{ steps.districts.outputs.districts }}"
    verbs = [(job, argv[0]) for job, _, argv in _province_lines(province_workflow)]
    assert verbs == [("plan", "check"), ("district", "check"), ("district", "build")]
    for _, _, argv in _province_lines(province_workflow):
        with click.Context(main) as parent:  # every option really exists
            main.commands[argv[0]].make_context(argv[0], expand(argv[1:]), parent=parent)


def test_province_steps_run_as_written(province_workflow: dict[Any, Any], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Generate a small province, run the listing script and one district's check for real."""
    import subprocess
    import sys

    result = CliRunner().invoke(main, ["bench", "generate", "--base", "6", "--districts", "3",
                                       str(tmp_path / "province")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    listing = next(s for s in province_workflow["jobs"]["plan"]["steps"] if s.get("id") == "districts")
    script = listing["run"].split("<<'PY'\n", 1)[1].rsplit("PY", 1)[0]
    output = tmp_path / "github_output"
    done = subprocess.run([sys.executable, "-"], input=script, text=True, capture_output=True,
                          env={**os.environ, "PROVINCE": "province"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    output.write_text(done.stdout, encoding="utf-8")
    key, _, value = output.read_text(encoding="utf-8").strip().partition("=")
    names = yaml.safe_load(value)
    assert key == "districts" and len(names) == 3
    assert names == sorted(p.name for p in (tmp_path / "province/districts").iterdir() if (p / "layer.yml").is_file())
    monkeypatch.setenv("PROVINCE", "province")
    monkeypatch.setenv("DISTRICT", names[0])
    for job, _, argv in _province_lines(province_workflow):
        if argv[0] == "check":
            checked = CliRunner().invoke(main, expand(argv))
            assert checked.exit_code == 0, (job, checked.output)
