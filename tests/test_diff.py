"""`onewindow diff` over a real throwaway git repository, and the CI annotations for the same change."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.cli.main import main

FIXTURE = Path(__file__).parent / "roots" / "editing-diff"
FOOD = "catalog/items/scjg/999901000000XK00101.yml"
HYGIENE = "catalog/items/wsjk/999901000000XK00201.yml"

LAYOUT_PLAN = """\
  - id: layout-plan
    name: 经营场所平面布局图
    form: 原件
    copies: 1
    medium: 纸质
    source: 申请人自备
    role: 容缺
    supply_days: 5
    basis:
      - law: food-business-licensing-measures
        article: 第十三条
"""
CATCH_ALL = """\
  - id: other
    name: 其他相关材料
    form: 原件
    copies: 1
    medium: 纸质
    source: 申请人自备
    basis:
      - law: food-business-licensing-measures
        article: 第十三条
"""


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.gov.cn",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.gov.cn",
           "GIT_AUTHOR_DATE": "2026-03-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-03-01T10:00:00+08:00",
           "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A department repository with one commit of a valid catalog; the cwd is its root."""
    root = tmp_path / "dept-repo"
    shutil.copytree(FIXTURE, root / "catalog")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "catalog")
    git(root, "commit", "-q", "-m", "初始目录")
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def commit_pull_request_change(repo: Path) -> None:
    """The issue's example change: a material removed, a deadline shortened, a catch-all added."""
    edit(repo / FOOD, LAYOUT_PLAN, CATCH_ALL)
    edit(repo / HYGIENE, "committed_days: 10", "committed_days: 7")
    git(repo, "commit", "-q", "-am", "调整食品经营许可材料，压缩卫生许可时限")


EXPECTED_DIFF = """\
## 办事指南变更说明

比较 `HEAD~1` → `HEAD`：新增 0 个事项，删除 0 个事项，修改 2 个事项，涉及 1 个“一件事”。 ⚠️ 其中 1 处变化对群众更不利，见下文。

> ⚠️ 变更后版本的目录有 1 个错误（运行 onewindow check 查看）。

### ⚠️ 对群众更不利的变化

- 食品经营许可（新办）（`999901000000XK00101`）：新增申请材料“其他相关材料”

请确认这些变化有法律依据，并在指南或公告中向群众说明。

### 修改的事项

#### 食品经营许可（新办）（`999901000000XK00101`，示范市滨河区市场监督管理局）

| 变化 | 内容 | 原来 | 现在 |
| --- | --- | --- | --- |
| 删除申请材料 | 经营场所平面布局图 | 原件 1 份，纸质，必要，容缺（5 个工作日内补齐） | — |
| ⚠️ 新增申请材料 | 其他相关材料 | — | 原件 1 份，纸质，必要，主件 |

#### 公共场所卫生许可（新办）（`999901000000XK00201`，示范市滨河区卫生健康局）

| 变化 | 内容 | 原来 | 现在 |
| --- | --- | --- | --- |
| 修改办理时限 | 承诺办结时限 | 10 个工作日 | 7 个工作日 |

### 涉及的“一件事”

- 我要开小店（`open-shop`）：成员事项有变化：食品经营许可（新办）（999901000000XK00101）、公共场所卫生许可（新办）（999901000000XK00201）
"""


def test_diff_of_committed_change_is_exact_markdown(repo: Path) -> None:
    commit_pull_request_change(repo)
    code, out = run("diff", "HEAD~1", "HEAD")
    assert code == 0
    assert out == EXPECTED_DIFF


def test_github_annotations_for_the_catch_all_are_exact(repo: Path) -> None:
    commit_pull_request_change(repo)
    code, out = run("check", "--format", "github", "catalog")
    assert code == 1
    assert out.splitlines() == [
        f"::error file={FOOD},line=35,col=11,title=OW201 兜底材料::兜底材料“其他相关材料”："
        "“其他相关材料”没有说明具体是哪份材料（提示：逐项写明材料的准确名称，例如把“房产证明等材料”改为"
        "“不动产权证书”和“房屋租赁合同”两项）",
    ]
    assert (repo / FOOD).read_text(encoding="utf-8").splitlines()[34].startswith("    name: 其他相关材料")


def test_diff_against_working_tree_and_output_file(repo: Path) -> None:
    edit(repo / HYGIENE, "visits: 0", "visits: 1\nvisit_reason: 需现场核查经营场所")
    edit(repo / HYGIENE, "depth: Ⅳ级", "depth: Ⅲ级")
    code, out = run("diff", "HEAD", "--output", "diff.md")
    assert (code, out) == (0, "")
    text = (repo / "diff.md").read_text(encoding="utf-8")
    assert "比较 `HEAD` → `工作区`：新增 0 个事项，删除 0 个事项，修改 1 个事项" in text
    assert "| ⚠️ 修改到现场次数 | 到办事现场次数 | 0 次（零跑） | 1 次（最多跑一次） |" in text
    assert "| ⚠️ 修改网上办理 | 网上办理深度 | Ⅳ级 | Ⅲ级 |" in text
    assert "错误" not in text


def test_added_and_removed_items_and_bundle_members(repo: Path) -> None:
    new_code = "999901000000XK00301"
    source = (repo / HYGIENE).read_text(encoding="utf-8")
    target = repo / f"catalog/items/wsjk/{new_code}.yml"
    target.write_text(source.replace("999901000000XK00201", new_code).replace("（新办）", "（延续）"),
                      encoding="utf-8")
    bundle = repo / "catalog/bundles/open-shop.yml"
    edit(bundle, '  - code: "999901000000XK00201"', f'  - code: "{new_code}"')
    (repo / HYGIENE).unlink()
    code, out = run("diff", "HEAD")
    assert code == 0
    assert "### 新增事项\n\n#### 公共场所卫生许可（延续）（`999901000000XK00301`，示范市滨河区卫生健康局）" in out
    assert "### 删除事项\n\n#### 公共场所卫生许可（新办）（`999901000000XK00201`，示范市滨河区卫生健康局）" in out
    assert ("- 我要开小店（`open-shop`）：新增成员事项 公共场所卫生许可（延续）（999901000000XK00301）；"
            "移出成员事项 公共场所卫生许可（新办）（999901000000XK00201）") in out


def test_unreadable_file_is_named_not_reported_removed(repo: Path) -> None:
    edit(repo / HYGIENE, "visits: 0", "visits: [零")  # YAML syntax error
    code, out = run("diff", "HEAD")
    assert code == 0
    assert "变更后版本的目录有 2 个错误（运行 onewindow check 查看）。其中 1 个文件无法读取" in out
    assert "能读取的内容中没有群众可见的变化。" in out
    assert "删除事项" not in out and "：删除" not in out
    # The bundle parses: it is named as waiting for its member, not as unreadable.
    assert "- `items/wsjk/999901000000XK00201.yml`：无法读取\n" in out
    assert "- `bundles/open-shop.yml`：成员事项无法读取，暂不比较" in out


def test_no_change_says_so(repo: Path) -> None:
    code, out = run("diff", "HEAD", "HEAD")
    assert code == 0
    assert "两个版本之间，办事指南没有群众可见的变化。" in out


def test_unknown_revision_is_named(repo: Path) -> None:
    code, out = run("diff", "no-such-branch")
    assert code == 2
    assert "找不到版本“no-such-branch”" in out and "Traceback" not in out
    code, out = run("diff", "mian", "HEAD")
    assert code == 2 and "找不到版本“mian”。是不是想写 main？" in out
    code, out = run("diff", "main", "HEAD~5")
    assert code == 2 and "找不到版本“HEAD~5”" in out


def test_misspelt_catalog_is_refused_not_reported_unchanged(repo: Path) -> None:
    """The trial: `diff main HEAD --catalog catalgo` answered 办事指南没有群众可见的变化."""
    code, out = run("diff", "main", "HEAD", "--catalog", "catalgo")
    assert code == 2
    assert "目录 catalgo 不存在" in out and "是不是想写 catalog？" in out
    assert "没有群众可见的变化" not in out


def test_run_from_inside_the_catalog_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial: `cd catalog && onewindow diff main HEAD` answered 办事指南没有群众可见的变化."""
    monkeypatch.chdir(repo / "catalog")
    code, out = run("diff", "main", "HEAD")
    assert code == 2 and "本身就是目录" in out and "--catalog ." in out
    edit(repo / HYGIENE, "committed_days: 10", "committed_days: 12")
    code, out = run("diff", "main", "--catalog", ".")
    assert code == 0 and "| ⚠️ 修改办理时限 | 承诺办结时限 | 10 个工作日 | 12 个工作日 |" in out


def test_folder_that_is_not_a_catalog_is_refused(repo: Path) -> None:
    (repo / "docs").mkdir()
    code, out = run("diff", "main", "HEAD", "--catalog", "docs")
    assert code == 2 and "不是目录文件夹" in out


def test_catalog_missing_in_the_base_revision_is_refused(repo: Path) -> None:
    git(repo, "mv", "catalog", "district")
    git(repo, "commit", "-q", "-m", "改名")
    code, out = run("diff", "HEAD~1", "HEAD", "--catalog", "district")
    assert code == 2 and "版本“HEAD~1”中没有 district/ 目录" in out


def test_renamed_material_id_is_a_rename(repo: Path) -> None:
    """The trial: renaming a material id showed as 删除 + 新增 of the same material."""
    edit(repo / FOOD, "  - id: layout-plan\n", "  - id: floor-plan\n")
    code, out = run("diff", "HEAD")
    assert code == 0
    assert "| 改标识申请材料 | 经营场所平面布局图：标识 | layout-plan | floor-plan |" in out
    assert "删除申请材料" not in out and "新增申请材料" not in out and "⚠️" not in out


def test_new_item_is_summarised_in_full(repo: Path) -> None:
    """The trial: a new item got one line (no materials, time limits, fee, visits)."""
    new_code = "999901000000XK00301"
    source = (repo / HYGIENE).read_text(encoding="utf-8")
    (repo / f"catalog/items/wsjk/{new_code}.yml").write_text(
        source.replace("999901000000XK00201", new_code).replace("（新办）", "（延续）"), encoding="utf-8")
    code, out = run("diff", "HEAD")
    section = out.split("### 新增事项", 1)[1]
    for row in ("| 申请材料 |", "| 办理时限 | 法定办结时限 |", "| 办理时限 | 承诺办结时限 |", "| 收费 | 收费标准 |",
                "| 到现场次数 | 到办事现场次数 |", "| 受理条件 |", "| 设定依据 |"):
        assert row in section, row


def test_register_changes_are_reported(repo: Path) -> None:
    """The trial: a new law in laws.yml was not mentioned."""
    edit(repo / "catalog/laws.yml", "laws:\n", "laws:\n  advertising-law:\n    title: 中华人民共和国广告法\n"
         "    level: 法律\n    issuer: 全国人民代表大会常务委员会\n")
    code, out = run("diff", "HEAD")
    assert code == 0
    assert "### 法律法规登记册（laws.yml）" in out
    assert "| 新增 | `advertising-law` | — | 中华人民共和国广告法 |" in out
    assert "没有群众可见的变化" not in out


@pytest.mark.parametrize(("old", "new", "row"), [
    ("visits: 0", "visits: 2\nvisit_reason: 需现场核查经营场所", "| ⚠️ 修改到现场次数 |"),
    ("committed_days: 10", "committed_days: 15", "| ⚠️ 修改办理时限 | 承诺办结时限 |"),
    ("fee:\n  charged: false", "fee:\n  charged: true\n  items:\n    - name: 工本费\n      standard: 10元/证\n"
     "      basis:\n        - law: public-places-hygiene-regulation\n          article: 第八条", "| ⚠️ 修改收费 |"),
])
def test_changes_worse_for_citizens_are_flagged(repo: Path, old: str, new: str, row: str) -> None:
    edit(repo / HYGIENE, old, new)
    code, out = run("diff", "HEAD")
    assert row in out
    assert "### ⚠️ 对群众更不利的变化" in out


def test_shorter_time_limit_is_not_flagged(repo: Path) -> None:
    edit(repo / HYGIENE, "committed_days: 10", "committed_days: 5")
    code, out = run("diff", "HEAD")
    assert "| 修改办理时限 | 承诺办结时限 | 10 个工作日 | 5 个工作日 |" in out and "⚠️" not in out


def test_the_same_change_on_the_sample_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               sample_catalog: Path) -> None:
    """The issue's scenario on the real sample catalog: a member of 我要开餐馆 loses a material,
    gets a catch-all material in its place and a shorter committed time limit."""
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog
    from onewindow.diff.changes import material_summary

    result = check_catalog(sample_catalog)
    assert result.ok
    catalog = build_model(result.sources)
    item = next(m.item for m in catalog.bundles["open-restaurant"].members
                if (m.item.time_limit.committed_days or 0) >= 2 and len(m.item.materials) >= 3)
    from onewindow.catalog.loader import load_file

    # A check keeps item data without positions (check/streaming.py): read this one with them.
    found = next(f for f in result.sources.of_kind("item") if f.data["code"] == item.code)
    loaded, _ = load_file(found.fs_path, "item")
    index = next(i for i, m in enumerate(item.materials) if i > 0 and not m.shared)
    removed = item.materials[index]
    start = loaded.positions[("materials", index)][0]
    end = loaded.positions[("materials", index + 1)][0] if index + 1 < len(item.materials) else \
        loaded.key_positions[("process",)][0]
    indent = loaded.positions[("materials", index)][1] - 3  # column of "- " (1-based) minus one

    root = tmp_path / "repo"
    shutil.copytree(sample_catalog, root / "catalog")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "catalog")
    git(root, "commit", "-q", "-m", "示例目录")
    monkeypatch.chdir(root)
    path = root / "catalog" / item.source_file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    pad = " " * indent
    law = item.legal_basis[0]
    catch_all = [f"{pad}- id: other-catch-all\n", f"{pad}  name: 其他相关材料\n", f"{pad}  form: 原件\n",
                 f"{pad}  copies: 1\n", f"{pad}  medium: 纸质\n", f"{pad}  source: 申请人自备\n",
                 f"{pad}  basis: [{{law: {law.law.id}, article: {law.article}}}]\n"]
    lines[start - 1:end - 1] = catch_all
    days = item.time_limit.committed_days
    text = "".join(lines)
    assert text.count(f"committed_days: {days}\n") == 1
    path.write_text(text.replace(f"committed_days: {days}\n", f"committed_days: {days - 1}\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "删除一项材料，压缩承诺时限")

    code, out = run("diff", "HEAD~1", "HEAD")
    assert code == 0
    bundles = catalog.bundles_of_item(item.code)
    assert (f"比较 `HEAD~1` → `HEAD`：新增 0 个事项，删除 0 个事项，修改 1 个事项，"
            f"涉及 {len(bundles)} 个“一件事”。") in out
    assert "> ⚠️ 变更后版本的目录有 1 个错误（运行 onewindow check 查看）。" in out
    assert f"#### {item.name}（`{item.code}`，{item.department.name}）" in out
    assert f"| 删除申请材料 | {removed.name} | {material_summary(removed)} | — |" in out
    assert "| ⚠️ 新增申请材料 | 其他相关材料 | — | 原件 1 份，纸质，必要，主件 |" in out
    assert f"| 修改办理时限 | 承诺办结时限 | {days} 个工作日 | {days - 1} 个工作日 |" in out
    assert f"- 我要开餐馆（`open-restaurant`）：成员事项有变化：{item.name}（{item.code}）" in out

    code, out = run("check", "--format", "github", "catalog")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error")]
    assert errors == [
        f"::error file=catalog/{item.source_file},line={start + 1},col={indent + 9},title=OW201 兜底材料::"
        "兜底材料“其他相关材料”：“其他相关材料”没有说明具体是哪份材料（提示：逐项写明材料的准确名称，"
        "例如把“房产证明等材料”改为“不动产权证书”和“房屋租赁合同”两项）",
    ]


def _mktree(repo: Path, entries: list[tuple[str, str, str, bytes]]) -> str:
    """A tree object from (mode, type, oid, name) rows, names as raw bytes (git mktree -z)."""
    data = b"".join(f"{mode} {kind} {oid}\t".encode() + name + b"\0" for mode, kind, oid, name in entries)
    done = subprocess.run(["git", "mktree", "-z"], cwd=repo, input=data, capture_output=True, check=True)
    return done.stdout.decode().strip()


def test_crafted_tree_cannot_write_outside_the_temporary_folder(repo: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A commit whose tree has `..` and `.` entries, a symbolic link and a name that is not UTF-8:
    `diff` writes only ordinary names inside its temporary folder and names the rest."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=b"code: PWNED\n",
                          capture_output=True, check=True).stdout.decode().strip()
    up = _mktree(repo, [("100644", "blob", blob, b"pwned.yml")])
    for _ in range(3):
        up = _mktree(repo, [("040000", "tree", up, b".."), ("100644", "blob", blob, b"pwned.yml")])
    catalog_tree = git(repo, "rev-parse", "HEAD:catalog").strip()
    rows = [line.split("\t") for line in git(repo, "ls-tree", catalog_tree).splitlines()]
    entries = [(*meta.split(), name.encode()) for meta, name in rows]
    entries += [("040000", "tree", up, b".."), ("040000", "tree", up, b"."),
                ("120000", "blob", blob, b"link.yml"), ("100644", "blob", blob, b"\xff\xfe.yml")]
    crafted_catalog = _mktree(repo, entries)
    root_tree = _mktree(repo, [("040000", "tree", crafted_catalog, b"catalog")])
    commit = git(repo, "commit-tree", root_tree, "-p", "HEAD", "-m", "crafted").strip()
    code, out = run("diff", "HEAD", commit)
    assert code == 0, out
    assert not list(scratch.rglob("pwned.yml")) and not list(tmp_path.glob("pwned.yml"))
    assert not (repo / "pwned.yml").exists() and not (repo.parent / "pwned.yml").exists()
    assert "### 未能比较的文件" in out and "../pwned.yml" in out and "link.yml" in out
    assert "\\xff\\xfe.yml" in out or "\udcff" not in out


def test_recoded_item_is_a_rename_and_its_bundles_keep_it(repo: Path) -> None:
    """The trial: an item whose code changed showed as one item removed and another added."""
    new_code = "999901000000XK00299"
    source = (repo / HYGIENE).read_text(encoding="utf-8")
    (repo / f"catalog/items/wsjk/{new_code}.yml").write_text(
        source.replace("999901000000XK00201", new_code).replace("committed_days: 10", "committed_days: 12"),
        encoding="utf-8")
    (repo / HYGIENE).unlink()
    for bundle in (repo / "catalog/bundles").glob("*.yml"):
        bundle.write_text(bundle.read_text(encoding="utf-8").replace("999901000000XK00201", new_code),
                          encoding="utf-8")
    code, out = run("diff", "HEAD")
    assert code == 0, out
    assert "1 个事项改了事项编码" in out
    section = out.split("### 改了事项编码的事项", 1)[1]
    assert f"| 修改基本信息 | 事项编码 | 999901000000XK00201 | {new_code} |" in section
    assert "承诺办结时限" in section  # its other changes are compared, not summarised as new
    assert "### 新增事项" not in out and "### 删除事项" not in out
    assert "新增成员事项" not in out and "移出成员事项" not in out
    assert "⚠️" in out  # the longer committed time is still flagged


def test_renamed_bundle_id_is_a_rename(repo: Path) -> None:
    old = repo / "catalog/bundles/open-shop.yml"
    new = old.with_name("open-store.yml")
    new.write_text(old.read_text(encoding="utf-8").replace("id: open-shop", "id: open-store"), encoding="utf-8")
    old.unlink()
    code, out = run("diff", "HEAD")
    assert code == 0, out
    assert "- 我要开小店（`open-store`）：标识由 `open-shop` 改为 `open-store`" in out
    assert "`open-store`）：新增" not in out and "`open-shop`）：删除" not in out
