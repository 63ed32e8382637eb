"""Content-hash output cache for incremental builds.

Every generated file is produced through `OutputCache.produce(rel_path, inputs, render)`.
Its key is a hash of the inputs it depends on (model objects, whose frozen-dataclass repr is
deterministic), the code and templates of onewindow (the salt) and the site URL. When the
previous build wrote the same path with the same key, the old file is hard-linked into the
new staging tree instead of being rendered again. The manifest of keys travels with the
build tree, so the cache is exactly as current as build/ itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MANIFEST = ".onewindow-manifest.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole onewindow package


def digest(*parts: Any) -> str:
    """Stable hash of model objects and plain values (frozen dataclass reprs are deterministic)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


@cache
def code_salt(*extra_dirs: Path) -> str:
    """Hash of onewindow's own code and templates: a new version invalidates every output."""
    h = hashlib.sha256()
    for root in (_PACKAGE, *extra_dirs):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class OutputCache:
    previous: Path | None  # the current build/ (or None for a clean build)
    staging: Path  # the tree being written
    salt: str
    keys: dict[str, str] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    _old: dict[str, str] = field(default_factory=dict)
    on_output: Callable[..., None] = lambda n=1: None  # progress hook, one call per output

    def __post_init__(self) -> None:
        if self.previous is not None:
            try:
                self._old = json.loads((self.previous / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._old = {}

    def key_for(self, rel_path: str, inputs: Iterable[Any]) -> str:
        return digest(self.salt, rel_path, *inputs)

    def fresh(self, rel_path: str, key: str) -> bool:
        """True when the previous build has this exact output; it is then linked into staging."""
        if self.previous is None or self._old.get(rel_path) != key:
            return False
        old = self.previous / rel_path
        if not old.is_file():
            return False
        new = self.staging / rel_path
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        self.on_output()
        return True

    def produce(self, rel_path: str, inputs: Iterable[Any], render: Callable[[Path], None]) -> Path:
        """Reuse the previous output for `rel_path` if its inputs are unchanged, else render it."""
        key = self.key_for(rel_path, inputs)
        target = self.staging / rel_path
        if self.fresh(rel_path, key):
            self.reused.append(rel_path)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            render(target)
            self.rendered.append(rel_path)
            self.on_output()
        self.keys[rel_path] = key
        return target

    def produce_parallel(self, jobs: Iterable[tuple[str, tuple[Any, ...], Callable[[Path], object]]]) -> list[Path]:
        """`produce` for many independent outputs: the stale ones render on every core."""
        from onewindow.build.parallel import run_jobs

        jobs = list(jobs)
        keys = [self.key_for(rel, inputs) for rel, inputs, _ in jobs]
        todo = [(write, self.staging / rel) for (rel, _, write), key in zip(jobs, keys, strict=True)
                if not self.fresh(rel, key)]
        run_jobs(todo, self.on_output)
        stale = {target for _, target in todo}
        for (rel, _, _), key in zip(jobs, keys, strict=True):
            self.record(rel, key, rendered=self.staging / rel in stale)
        return [self.staging / rel for rel, _, _ in jobs]

    def record(self, rel_path: str, key: str, *, rendered: bool) -> None:
        """Register an output produced outside `produce` (e.g. by a worker pool)."""
        self.keys[rel_path] = key
        (self.rendered if rendered else self.reused).append(rel_path)

    def previous_key(self, rel_path: str) -> str | None:
        return self._old.get(rel_path)

    def save(self) -> None:
        data = json.dumps(dict(sorted(self.keys.items())), indent=0, sort_keys=True)
        (self.staging / MANIFEST).write_text(data, encoding="utf-8")
