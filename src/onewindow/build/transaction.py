"""One build transaction over build/ and site/: staged together, published together.

Two directory entries cannot change in one atomic step, so publication is a small
write-ahead protocol (the one databases use), run under the build lock of both folders:

1. Render both trees into one staging parent, `.onewindow-staging-<pid>/{build,site}`, next to
   the outputs (a second parent next to site/ only when it lives elsewhere, since a rename
   cannot cross file systems). The manifest with the content hash of every file of *both*
   trees is written last into the staged build tree.
2. Commit: write the journal `.<build>.onewindow-publish.json` atomically (temporary file,
   fsync, rename). It names each staged tree, its target and the staged directory's inode.
   Once it exists the new generation *is* the build: it will be published.
3. Publish: exchange each staged tree with its target (renameat2 RENAME_EXCHANGE; two renames
   where the platform lacks it). A directory keeps its inode when renamed, so whether a tree
   is already in place is a fact on disk, not a note that a kill could leave out of date.
4. Remove the journal, then the staging parent (which now holds the old trees).

Whoever takes the lock next — the next build, before it reads anything — first completes a
journal it finds (`recover`): each tree whose target does not yet carry the recorded inode is
swapped in. A kill before step 2 publishes nothing (the staging is removed as a leftover); a
kill anywhere after it, including between the two exchanges, is finished by the next lock
holder. Independently of that, the next build trusts nothing it reuses without checking the
manifest's content hashes (onewindow.build.cache), so outputs changed by hand are repaired too.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import threading
from pathlib import Path

from onewindow.build.faults import checkpoint
from onewindow.build.outputs import exchange

STAGING_PREFIX = ".onewindow-staging-"
JOURNAL_SUFFIX = ".onewindow-publish.json"


def _inode(path: Path) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _put(staged: Path, target: Path) -> None:
    """Make the staged tree the target; the old target ends up inside the staging parent."""
    if os.path.lexists(target):
        if exchange(staged, target):
            return
        os.rename(target, staged.with_name(staged.name + ".old"))
    os.rename(staged, target)


def _write_journal(path: Path, data: dict[str, object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def recover(parent: Path) -> list[Path]:
    """Finish every publication a kill interrupted in this folder; returns the targets put in
    place. Call with the build lock held."""
    done = []
    for journal in sorted(parent.glob(f".*{JOURNAL_SUFFIX}")):
        try:
            trees = json.loads(journal.read_text(encoding="utf-8"))["trees"]
            entries = [(Path(t["staged"]), Path(t["target"]), list(t["inode"])) for t in trees]
        except (OSError, ValueError, KeyError, TypeError):
            entries = []  # written atomically, so unreadable means not ours: nothing to finish
        for staged, target, inode in entries:
            if not staged.parent.name.startswith(STAGING_PREFIX) or _inode(target) == inode:
                continue
            if _inode(staged) == inode:
                _put(staged, target)
                done.append(target)
        journal.unlink()
    return done


def clean_stale(parent: Path) -> None:
    """Remove staging parents and journal drafts of builds that died (with the lock held), but
    not the retired trees this process is still deleting on a thread."""
    for leftover in parent.glob(f"{STAGING_PREFIX}*"):
        if leftover not in _RETIRING:
            shutil.rmtree(leftover, ignore_errors=True)
    for draft in parent.glob(f".*{JOURNAL_SUFFIX}.tmp"):
        draft.unlink(missing_ok=True)


# Retired trees (see `Transaction.commit`) this process is deleting, each on its own thread.
# The threads are daemons: a preview stopped with Ctrl+C does not wait for them, and whatever
# they leave keeps STAGING_PREFIX for the next build's `clean_stale`.
_RETIRING: dict[Path, threading.Thread] = {}
_RETIRED_NAMES = itertools.count()


def _retire(tree: Path) -> None:
    try:
        shutil.rmtree(tree, ignore_errors=True)
    finally:
        _RETIRING.pop(tree, None)


def finish_retiring() -> None:
    """Wait until the trees retired in the background are gone (tests, and a clean exit)."""
    for thread in list(_RETIRING.values()):
        thread.join()


class Transaction:
    """Staging trees for build/ and site/, published together by `commit`."""

    def __init__(self, build_dir: Path, site_dir: Path) -> None:
        self.targets = (build_dir, site_dir)
        self.parents = sorted({build_dir.parent, site_dir.parent})
        self.staging = [target.parent / f"{STAGING_PREFIX}{os.getpid()}" for target in self.targets]
        self.build, self.site = (s / t.name for s, t in zip(self.staging, self.targets, strict=True))
        self.journal = build_dir.parent / f".{build_dir.name}{JOURNAL_SUFFIX}"

    def begin(self) -> None:
        """Finish an interrupted publication, clear leftovers, create empty staging trees."""
        for parent in self.parents:
            parent.mkdir(parents=True, exist_ok=True)
            recover(parent)
        checkpoint("recovered")
        for parent in self.parents:
            clean_stale(parent)
        for tree in (self.build, self.site):
            tree.mkdir(parents=True)

    def abort(self) -> None:
        for staging in set(self.staging):
            shutil.rmtree(staging, ignore_errors=True)

    def commit(self, *, retire_in_background: bool = False) -> None:
        """Publish both staged trees. The previous trees end up in the staging parents and
        are deleted; with `retire_in_background` (the preview server, which wants the new
        site served at once) that happens on a thread, after the staging parents are renamed
        out of the next build's way. Either way their names keep STAGING_PREFIX, so a process
        killed before the deletion ends leaves what the next build's `clean_stale` removes."""
        staged = (self.build, self.site)
        _write_journal(self.journal, {"trees": [
            {"staged": str(s), "target": str(t), "inode": _inode(s)} for s, t in zip(staged, self.targets, strict=True)
        ]})
        checkpoint("journal")
        for s, t, point in zip(staged, self.targets, ("published:build", "published:site"), strict=True):
            _put(s, t)
            checkpoint(point)
        for parent in self.parents:
            _fsync_dir(parent)
        self.journal.unlink()
        if retire_in_background:
            for staging in sorted(set(self.staging)):
                gone = staging.with_name(f"{staging.name}-retired-{next(_RETIRED_NAMES)}")
                staging.rename(gone)
                thread = threading.Thread(target=_retire, args=(gone,), name="onewindow-retire", daemon=True)
                _RETIRING[gone] = thread
                thread.start()
        else:
            self.abort()  # the staging parents now hold the previous trees
        checkpoint("committed")
