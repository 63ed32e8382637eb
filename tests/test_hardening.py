"""Second-round hardening: every option an attacker or a hurried clerk can choose ends in a
Chinese message with the right exit code (2 for usage), never in a traceback or lost data.

The fuzz test draws combinations of commands, options and hostile values (paths, URLs, numbers,
control characters) and runs them through the real CLI in-process; the build renderers are
replaced by one fast writer (as in test_paths.py) so hundreds of runs stay cheap.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.build.siteurl import MAX_SITE_URL, site_url_problem
from onewindow.cli.main import main
from test_paths import MINIMAL, SITE_URL, fast_targets, make_workspace, snapshot, working_folder

ITEM = "999902000000XK00101"
ONEWINDOW = Path(sys.executable).with_name("onewindow")


def invoke(work: Path, *args: str) -> tuple[int, str]:
    with working_folder(work), fast_targets():
        result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


# --------------------------------------------------------------------------- --site-url

BAD_URLS = [
    'https://x/"><script>alert(1)</script>',
    "https://x/'onmouseover='alert(1)",
    "javascript:alert(1)",
    "https://x/ a",
    "https://x/\u2028",
    "https://user:pass@zwfw.example.gov.cn/",
    "https://zwfw.example.gov.cn/?a=1",
    "https://zwfw.example.gov.cn/#x",
    "https://zwfw.example.gov.cn/" + "a" * MAX_SITE_URL,
    "https://政务.example/",
    "ftp://zwfw.example.gov.cn/",
    "https:///path",
    "https://x:99999/",
    "https://zwfw.example.gov.cn/%zz/",
    "//zwfw.example.gov.cn/",
    "",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_site_urls_are_refused_before_anything_is_written(tmp_path: Path, url: str) -> None:
    work = make_workspace(tmp_path)
    before = snapshot(tmp_path)
    code, output = invoke(work, "build", "catalog", "--site-url", url, "-q")
    assert code == 2, output
    assert "用法错误" in output and "--site-url" in output
    assert "\u2028" not in output  # shown as an escape, never raw
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("args", [
    ["--site-dir", "."], ["--build-dir", "catalog"], ["--site-dir", "catalog-link"], ["--build-dir", ".."],
    ["--site-url", 'https://x/"><script>'], ["--config", "nope.yml"], ["--config", "catalog"],
])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_and_serve_refuse_the_same_options_before_touching_anything(tmp_path: Path, command: str,
                                                                            args: list[str]) -> None:
    """`serve` rebuilds into the same folders as `build`: one check of the options for both
    (a preview must not replace the working folder either), exit 2 before any file changes."""
    work = make_workspace(tmp_path)
    before = snapshot(tmp_path)
    code, output = invoke(work, command, "catalog", *args)
    assert code == 2 and output.startswith("用法错误："), output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("url", ["https://zwfw.example.gov.cn/guide/", "http://10.0.0.8:8000/",
                                 "https://zwfw.example.gov.cn/%E6%8C%87%E5%8D%97/", "https://xn--fiq228c.example/"])
def test_plain_site_urls_are_accepted(url: str) -> None:
    assert site_url_problem(url) == ""


def test_site_url_from_the_environment_is_validated_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = make_workspace(tmp_path)
    monkeypatch.setenv("ONEWINDOW_SITE_URL", 'https://x/"><b>')
    with working_folder(work), fast_targets():
        result = CliRunner().invoke(main, ["build", "catalog", "-q"])
    assert result.exit_code == 2 and "ONEWINDOW_SITE_URL" in result.output


# --------------------------------------------------------------------------- output files


def test_notice_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    (work / "folder").mkdir()
    (work / "afile").write_text("x", encoding="utf-8")
    for target, why in (("folder", "文件夹"), ("/dev/null", "不是普通文件"), ("afile/x.pdf", "是文件")):
        code, output = invoke(work, "notice", ITEM, "catalog", "--missing", "premises", "-o", target,
                              "--site-url", SITE_URL)
        assert code == 2 and why in output and "Traceback" not in output, output


def test_notice_to_a_full_disk_is_a_chinese_error(tmp_path: Path) -> None:
    """/dev/full accepts the open and fails the write (ENOSPC): reported, exit 2."""
    work = make_workspace(tmp_path)
    os.symlink("/dev/full", work / "full.pdf")
    code, output = invoke(work, "notice", ITEM, "catalog", "--missing", "premises", "-o", "full.pdf",
                          "--site-url", SITE_URL)
    assert code == 2, output
    assert "Errno" not in output and "内部错误" not in output


def test_diff_output_to_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    (work / "out").mkdir()
    code, output = invoke(work, "diff", "HEAD", "-o", "out")
    assert code == 2 and "文件夹" in output, output


def test_bench_into_a_file_or_non_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep").write_text("x", encoding="utf-8")
    for target in ("file", "full"):
        code, output = invoke(tmp_path, "bench", "generate", "--items", "3", "--departments", "1", target)
        assert code == 2 and "用法错误" in output, output
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_read_only_output_folder_is_a_chinese_error(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    ro = work / "ro"
    ro.mkdir()
    # Root writes through a mode of 0500; the immutable attribute stops root too (ext4 here).
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(ro)], check=True)
    else:
        ro.chmod(0o500)
    try:
        code, output = invoke(work, "build", "catalog", "--site-dir", "ro/site", "--site-url", SITE_URL, "-q")
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(ro)], check=True)
        ro.chmod(0o700)
    assert code == 2 and "没有权限" in output, output


# --------------------------------------------------------------------------- broken state


def test_manifest_that_is_not_an_object_is_ignored(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    assert invoke(work, "build", "catalog", "--site-url", SITE_URL, "-q")[0] == 0
    for text in ("[1, 2]", '"x"', '{"a": 1}', "null"):
        (work / "build" / ".onewindow-manifest.json").write_text(text, encoding="utf-8")
        code, output = invoke(work, "build", "catalog", "--site-url", SITE_URL, "-q")
        assert code == 0, output
        assert isinstance(json.loads((work / "build" / ".onewindow-manifest.json").read_text(encoding="utf-8")), dict)


def test_mkdocs_configuration_error_shows_its_cause(tmp_path: Path) -> None:
    from onewindow.errors import OnewindowError
    from onewindow.render.site import run_mkdocs

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 测试\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    ctx = SimpleNamespace(mkdocs_yml=config, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site",
                          site_url=SITE_URL)
    with pytest.raises(OnewindowError) as info:
        run_mkdocs(ctx, [])
    message = str(info.value)
    assert "no-such-theme" in message and "配置有误" in message
    assert "Aborted with a configuration error" not in message


@pytest.mark.parametrize(("setting", "expected"), [
    ("theme:\n  name: material\n  features: 7\n", "TypeError"),  # Material's template: `in features`
    ("theme:\n  name: material\n  palette: 5\n", "TypeError"),
    ("theme:\n  name: material\n  custom_dir: 5\n", "TypeError"),  # MkDocs' own validator
    ("theme:\n  name: material\n  language: xx\n", "language“xx”不是主题支持的语言"),
    ("extra_css: 7\n", "extra_css 必须是列表"),
    ("extra_javascript: extra.js\n", "extra_javascript 必须是列表"),
    ("markdown_extensions:\n  - no_such_extension\n", "no_such_extension"),
])
def test_mkdocs_settings_of_the_wrong_type_are_a_chinese_error(tmp_path: Path, setting: str, expected: str) -> None:
    """A district's mkdocs.yml with a setting MkDocs or the theme trusts blindly ends in a Chinese
    error naming the cause, never in 内部错误 or a misleading 文件读写错误."""
    from onewindow.errors import OnewindowError
    from onewindow.render.site import run_mkdocs

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 测试\n" + setting, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    ctx = SimpleNamespace(mkdocs_yml=config, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site",
                          site_url=SITE_URL)
    with pytest.raises(OnewindowError) as info:
        run_mkdocs(ctx, [])
    error = info.value
    assert expected in str(error) and error.category != "文件读写错误", (error.category, str(error))
    assert "\u4e00" <= str(error)[0] <= "\u9fff" or str(error).startswith("MkDocs"), str(error)
    assert "Aborted with" not in str(error)


# --------------------------------------------------------------------------- fuzz

HOSTILE_TEXT = st.sampled_from([
    "", " ", "-", "--", ".", "..", "/", "//", "catalog", "site", "build", "\x1b[2J", "a\nb", "\u2028",
    "𠀀", "🎉", "a" * 300, "%s%n", "'", '"', "<script>", "-o", "--site-dir", "0", "-1", "99999999999999999999",
    "https://x/", 'https://x/"><b>', "/dev/full", "/dev/null", "/proc/self", "notes.txt", "other", ".git",
    "catalog/items", "site/build", "build/site", "\udcff", "nul\x00l",
])
COMMANDS = st.sampled_from([
    ["check"], ["check", "--format", "json"], ["check", "--format", "github"], ["build", "-q"],
    ["notice", ITEM], ["diff", "HEAD"], ["new", "item"], ["bench", "generate"],
])
OPTIONS = st.sampled_from(["--build-dir", "--site-dir", "--site-url", "--config", "-o", "--missing",
                           "--defective", "--applicant", "--date", "--items", "--departments", "--department",
                           "--code", "--name", "--suppress", "--max-chars", "--catalog", "--strict"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(command=COMMANDS, catalog=st.sampled_from(["catalog", "."]) | HOSTILE_TEXT,
       options=st.lists(st.tuples(OPTIONS, HOSTILE_TEXT), max_size=4))
def test_fuzz_cli_options_never_crash_or_touch_inputs(tmp_path_factory: pytest.TempPathFactory, command: list[str],
                                                      catalog: str, options: list[tuple[str, str]]) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    work = make_workspace(root)
    args = [*command, catalog]
    for option, value in options:
        args += [option] if option == "--strict" else [option, value]
    if "\x00" in "".join(args):
        return  # the operating system cannot pass a NUL in an argument
    before = snapshot(root)
    with working_folder(work), fast_targets():
        result = CliRunner().invoke(main, args)
    output = result.output
    assert result.exit_code in (0, 1, 2), (args, output, result.exc_info)
    assert "内部错误" not in output and "Traceback" not in output, (args, output)
    assert "\x1b" not in output and "\u2028" not in output, (args, output)
    after = snapshot(root)
    changed = [rel for rel, digest in before.items() if after.get(rel) != digest]
    assert not changed, (args, output, changed)


def test_fuzz_workspace_is_a_real_catalog(tmp_path: Path) -> None:
    """The fuzz test's baseline: the untouched workspace builds (so refusals above mean something)."""
    work = make_workspace(tmp_path)
    assert shutil.which("git") and (work / "catalog" / "laws.yml").is_file()
    code, output = invoke(work, "build", "catalog", "--site-url", SITE_URL, "-q")
    assert code == 0, output
    assert (MINIMAL / "laws.yml").read_bytes() == (work / "catalog" / "laws.yml").read_bytes()


def test_history_survives_names_and_subjects_that_are_not_utf8(tmp_path: Path) -> None:
    """A file name that is not UTF-8 in the catalog's git history, and a commit subject with a
    terminal escape: the history still loads and the subject shown on pages has no control."""
    import subprocess

    from onewindow.diff.history import history_for

    shutil.copytree(MINIMAL, tmp_path / "catalog")
    env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="e@example.gov.cn",
               GIT_COMMITTER_NAME="编辑", GIT_COMMITTER_EMAIL="e@example.gov.cn")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    Path(os.fsdecode(os.fsencode(tmp_path / "catalog") + b"/\xff\xfe.txt")).write_text("x", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-qm", "修改\x1b[2J材料"], cwd=tmp_path, check=True, env=env)
    [entry] = history_for(tmp_path / "catalog", "items/scjg/999902000000XK00101.yml")
    assert entry.summary == "修改[2J材料"


@pytest.mark.slow
def test_catalog_at_every_text_limit_builds(tmp_path: Path) -> None:
    """`check` refuses what `build` cannot render: a catalog with texts exactly at the limits
    passes check and builds for real (Graphviz boxes, PDF table cells, pages)."""
    from onewindow.build.pipeline import build
    from onewindow.catalog.schema import NAME_MAX_LENGTH, PARAGRAPH_MAX_LENGTH

    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    edits = {
        "items/scjg/999902000000XK00101.yml": [
            ("name: 个体工商户设立登记", "name: " + "登" * 100),  # the schema's own limit
            ("    name: 个体工商户登记（备案）申请书", "    name: " + "申" * NAME_MAX_LENGTH),
            ("    name: 窗口受理", "    name: " + "受" * NAME_MAX_LENGTH),
            ("    actor: 登记人员\n  - stage: 决定", "    actor: " + "员" * NAME_MAX_LENGTH + "\n  - stage: 决定"),
            ("  - text: 有固定的经营场所", "  - text: " + "场" * 2000),
            ("summary: 自然人从事工商业经营，申请登记为个体工商户，领取营业执照。", "summary: " + "摘" * PARAGRAPH_MAX_LENGTH),
            ("    a: 可以，也可以不起字号；起字号的须符合企业名称登记管理规定。", "    a: " + "答" * PARAGRAPH_MAX_LENGTH),
            ("      - 经营者签字", "      - " + "签" * PARAGRAPH_MAX_LENGTH),
        ],
        "departments/scjg.yml": [
            ("name: 示范市滨河区市场监督管理局", "name: " + "局" * NAME_MAX_LENGTH),
            ("address: 示范市滨河区迎宾路88号政务服务中心一楼A区1—12号窗口", "address: " + "址" * PARAGRAPH_MAX_LENGTH),
        ],
    }
    for rel, pairs in edits.items():
        text = (catalog / rel).read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (catalog / rel).write_text(text, encoding="utf-8")
    result, ctx = build(catalog, tmp_path / "build", tmp_path / "site", quiet=True, site_url=SITE_URL)
    assert ctx is not None, [str(p) for p in result.errors]
    assert (tmp_path / "site" / "items" / ITEM / "index.html").is_file()
    # One character more is refused by check, with the limit in the message.
    text = (catalog / "items/scjg/999902000000XK00101.yml").read_text(encoding="utf-8")
    (catalog / "items/scjg/999902000000XK00101.yml").write_text(
        text.replace("受" * NAME_MAX_LENGTH, "受" * (NAME_MAX_LENGTH + 1)), encoding="utf-8")
    from onewindow.check.checker import check_catalog

    [problem] = check_catalog(catalog).errors
    assert problem.code == "OW106" and f"最多 {NAME_MAX_LENGTH} 个字" in problem.message


def test_unreadable_department_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the walk cannot list (no read permission; simulated, since tests may run as
    root) is an OW005 problem naming the folder, never a silent 检查通过."""
    from onewindow.check.checker import check_catalog

    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    blocked = catalog / "items" / "wsjk"
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == blocked:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems = [p for p in check_catalog(catalog).problems if p.code == "OW005"]
    assert [(p.file.endswith("items/wsjk"), p.line) for p in problems] == [(True, 1)], problems
    assert "没有读取权限" in problems[0].message


@pytest.mark.parametrize("target", ["loop.yml", "nowhere.yml"])
def test_check_of_one_record_that_is_a_broken_link_names_the_link(tmp_path: Path, target: str) -> None:
    """`onewindow check FILE` on a link to itself or to nothing: a usage error that says so,
    not "file not found" for a file the editor can see in the folder listing."""
    work = make_workspace(tmp_path)
    os.symlink(target, work / "catalog" / "departments" / "loop.yml")
    code, output = invoke(work, "check", "catalog/departments/loop.yml")
    assert code == 2 and "失效或循环的符号链接" in output, output


@pytest.mark.parametrize(("name", "shown"), [
    ("ex\ntra.yml", "ex\\u000atra.yml"),
    ("\x1b[2J\x1b]0;pwned\x07extra.yml", "\\u001b[2J\\u001b]0;pwned\\u0007extra.yml"),
    (os.fsdecode(b"extra\xff\xfe.yml"), "extra\\xff\\xfe.yml"),
])
@pytest.mark.parametrize("fmt", ["text", "github"])
def test_hostile_record_file_names_print_escaped_on_one_line(tmp_path: Path, name: str, shown: str, fmt: str) -> None:
    """A file name with a newline, a terminal escape or bytes that are not UTF-8: every problem
    in `check` output is still one line, and the name is shown with visible escapes."""
    from test_paths import MINIMAL

    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    (catalog / "departments" / name).write_text(
        "id: extra\nname: 示范市滨河区测试局\nshort_name: 测试局\naddress: 示范市滨河区迎宾路88号\n"
        'hours: 周一至周五\nphone: "0000-87015301"\ncomplaint_phone: "12345"\n', encoding="utf-8")
    proc = subprocess.run([str(ONEWINDOW), "check", "catalog", "--format", fmt], cwd=tmp_path,
                          capture_output=True)
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")  # strict: no raw undecodable bytes reach the terminal
    assert "\x1b" not in out and "\x07" not in out
    lines = [line for line in out.splitlines() if "OW218" in line and "departments" in line]
    assert len(lines) == 1 and f"catalog/departments/{shown}" in lines[0], out


def test_paths_the_user_typed_are_echoed_escaped(tmp_path: Path) -> None:
    """Success messages name the file or folder written: escaped like every other message."""
    work = make_workspace(tmp_path)
    code, output = invoke(work, "notice", ITEM, "catalog", "--missing", "premises", "-o", "a\nb\x1b[2J.pdf",
                          "--site-url", SITE_URL)
    assert code == 0 and "a\\u000ab\\u001b[2J.pdf" in output and "\x1b" not in output, output
    code, output = invoke(work, "bench", "generate", "--items", "3", "--departments", "1", "g\x1b]0;x\x07")
    assert code == 0 and "g\\u001b]0;x\\u0007" in output and "\x07" not in output, output
