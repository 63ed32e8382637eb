"""The publication protocol of build/transaction.py, step by step, without a whole build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onewindow.build import transaction
from onewindow.build.transaction import (
    JOURNAL_SUFFIX,
    Transaction,
    _inode,
    _put,
    _write_journal,
    recover,
)


def tree(path: Path, text: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(text, encoding="utf-8")


def content(path: Path) -> str:
    return (path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(params=["exchange", "renames"])
def published(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An output folder holding generation "old"; both ways of swapping a directory in."""
    if request.param == "renames":
        monkeypatch.setattr(transaction, "exchange", lambda a, b: False)
    tree(tmp_path / "build", "old")
    tree(tmp_path / "site", "old")
    return tmp_path


def staged(out: Path) -> Transaction:
    txn = Transaction(out / "build", out / "site")
    txn.begin()
    (txn.build / "index.html").write_text("new", encoding="utf-8")
    (txn.site / "index.html").write_text("new", encoding="utf-8")
    return txn


def test_commit_publishes_both_trees_and_leaves_nothing_behind(published: Path) -> None:
    staged(published).commit()
    assert content(published / "build") == content(published / "site") == "new"
    assert sorted(p.name for p in published.iterdir()) == ["build", "site"]


@pytest.mark.parametrize("done", [0, 1, 2])
def test_next_lock_holder_finishes_a_publication_a_kill_interrupted(published: Path, done: int) -> None:
    """Killed after the journal and `done` of the two swaps: recovery completes the rest."""
    txn = staged(published)
    pairs = list(zip((txn.build, txn.site), txn.targets, strict=True))
    _write_journal(txn.journal, {"trees": [{"staged": str(s), "target": str(t), "inode": _inode(s)} for s, t in pairs]})
    for s, t in pairs[:done]:
        _put(s, t)
    Transaction(published / "build", published / "site").begin()  # what the next build does first
    assert content(published / "build") == content(published / "site") == "new"
    assert not list(published.glob(f".*{JOURNAL_SUFFIX}"))


def test_a_kill_before_the_journal_publishes_nothing(published: Path) -> None:
    staged(published)  # rendered, never committed
    fresh = Transaction(published / "build", published / "site")
    fresh.begin()  # the leftover staging is removed; the new one starts empty
    assert content(published / "build") == content(published / "site") == "old"
    assert [p for p in published.rglob("*") if p.is_file() and ".onewindow-staging-" in str(p)] == []


def test_a_journal_naming_folders_outside_staging_is_ignored(published: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    tree(elsewhere, "evil")
    journal = published / f".build{JOURNAL_SUFFIX}"
    journal.write_text(json.dumps({"trees": [{"staged": str(elsewhere), "target": str(published / "site"),
                                              "inode": _inode(elsewhere)}]}), encoding="utf-8")
    assert recover(published) == []
    assert content(published / "site") == "old" and not journal.exists()


def test_a_background_retirement_publishes_at_once_and_never_blocks_the_next_build(published: Path) -> None:
    """`serve` has the old trees deleted on a thread; the next build does not wait for it nor
    delete them twice, and what a killed process leaves keeps the staging prefix."""
    staged(published).commit(retire_in_background=True)
    assert content(published / "build") == content(published / "site") == "new"
    retired = [p for p in published.iterdir() if p.name.startswith(transaction.STAGING_PREFIX)]
    assert all("-retired-" in p.name for p in retired)  # still being deleted, or already gone
    nxt = Transaction(published / "build", published / "site")
    nxt.begin()
    (nxt.build / "index.html").write_text("newer", encoding="utf-8")
    (nxt.site / "index.html").write_text("newer", encoding="utf-8")
    nxt.commit(retire_in_background=True)
    assert content(published / "build") == content(published / "site") == "newer"
    transaction.finish_retiring()
    assert sorted(p.name for p in published.iterdir()) == ["build", "site"]


def test_a_retired_tree_left_by_a_killed_process_is_removed_by_the_next_build(published: Path) -> None:
    leftover = published / f"{transaction.STAGING_PREFIX}999999-retired-0" / "site"
    tree(leftover, "old")
    Transaction(published / "build", published / "site").begin()
    assert not leftover.parent.exists()
