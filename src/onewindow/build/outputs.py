"""Atomic, locked output directories: render into a temporary sibling, then swap it in.

A build killed at any moment (even SIGKILL) leaves the previous `site/` and `build/`
complete: the new tree only replaces the old one by an atomic directory exchange
(Linux renameat2 RENAME_EXCHANGE), with a rename-based fallback elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from onewindow.errors import BuildLockedError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the platform cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_in(new: Path, target: Path) -> None:
    """Make `new` the content of `target`, atomically where the OS allows; remove the old tree."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old tree
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def staging_dir(target: Path) -> Path:
    """A fresh temporary directory next to `target` (same filesystem, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def clean_stale(target: Path) -> None:
    """Remove leftovers of builds that were killed (called while holding the lock)."""
    for leftover in target.parent.glob(f".{target.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in target.parent.glob(f".{target.name}.old-*"):
        if not target.exists():
            os.rename(leftover, target)  # killed between the two fallback renames: restore
        else:
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """One build at a time per output directory; the kernel drops the lock if the process dies."""
    directory.mkdir(parents=True, exist_ok=True)
    lock_path = directory / ".onewindow-build.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "未知"
            raise BuildLockedError(f"另一个构建正在进行（进程 {holder}），本次构建未执行",
                                   "等待它完成后再构建；如确认没有构建在运行，重试即可（锁会随进程结束自动释放）") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
