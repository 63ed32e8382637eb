"""Content-hash output cache for incremental builds, and the manifest that covers both trees.

Every generated file is produced through `OutputCache.produce(rel_path, inputs, render)`.
Its key is a hash of the inputs it depends on (model objects, whose frozen-dataclass repr is
deterministic), the code and templates of onewindow (the salt) and the site URL. When the
previous build wrote the same path with the same key, the old file is hard-linked into the
new staging tree instead of being rendered again — but only after its bytes still hash to
what the manifest recorded: an output truncated, overwritten or replaced since is rendered
again. Files of the old trees that the manifest does not list are never carried over.

The manifest (build/.onewindow-manifest.json) records, for one published generation, the
key of every output and the sha256 of every file of build/ *and* site/. It is written last
into the staging build tree, so it is published in the same transaction as what it describes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

MANIFEST = ".onewindow-manifest.json"
MANIFEST_VERSION = 2
SITE_KEY = "site/"  # manifest key of the whole MkDocs output
# Manifest key of what every MkDocs page depends on besides its own Markdown: configuration,
# navigation, site URL, onewindow's code. While it holds, only changed pages are rendered again.
SITE_SHELL_KEY = "site/shell"
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole onewindow package


def digest(*parts: Any) -> str:
    """Stable hash of model objects and plain values (frozen dataclass reprs are deterministic)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


# (device, inode, size, mtime) → sha256 of files hashed before in this process. Every build
# verifies each reused file of build/ and site/ by its hash; `serve` builds again after each
# edit, and re-reading thousands of unchanged files would be most of its wait. Writing a file
# changes its mtime, and replacing it changes its inode, so a damaged output misses the memo.
# (ctime cannot serve: each build hard-links every reused file, which changes it.) Files
# changed too recently for their mtime's granularity to be trusted are not memoised.
_HASHES: dict[tuple[int, ...], str] = {}
_HASHES_MAX = 1 << 18  # bounds the memo's memory (~60 MB) at province scale
_SETTLED_NS = 2_000_000_000


def file_hash(path: Path) -> str:
    with path.open("rb") as f:
        st = os.fstat(f.fileno())
        token = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if (known := _HASHES.get(token)) is not None:
            return known
        value = hashlib.file_digest(f, "sha256").hexdigest()
    if time.time_ns() - st.st_mtime_ns > _SETTLED_NS:
        if len(_HASHES) >= _HASHES_MAX:
            _HASHES.clear()
        _HASHES[token] = value
    return value


def tree_files(root: Path) -> dict[str, Path]:
    """Every regular file or symlink below root by its relative path (the manifest excluded)."""
    found = {}
    top = str(root)
    for dirpath, _dirs, files in os.walk(top):
        # String slicing, not Path.relative_to: this runs for every file of both trees.
        prefix = dirpath[len(top) + 1:].replace(os.sep, "/")
        for name in files:
            rel = f"{prefix}/{name}" if prefix else name
            if rel != MANIFEST:
                found[rel] = Path(dirpath, name)
    return found


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


@dataclass(frozen=True)
class Manifest:
    """One generation of outputs: keys of cached outputs, content hashes of both trees."""

    keys: dict[str, str] = field(default_factory=dict)
    build: dict[str, str] = field(default_factory=dict)  # rel path in build/ → sha256
    site: dict[str, str] = field(default_factory=dict)  # rel path in site/ → sha256

    @classmethod
    def read(cls, build_dir: Path | None) -> Manifest:
        """The manifest of a published build/, or an empty one (nothing can be reused)."""
        if build_dir is None:
            return cls()
        try:
            data = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return cls()
        parts = [data.get(name) for name in ("keys", "build", "site")]
        if not all(isinstance(p, dict) for p in parts):
            return cls()
        return cls(*parts)

    def text(self) -> str:
        data = {"version": MANIFEST_VERSION, "keys": self.keys, "build": self.build, "site": self.site}
        return json.dumps(data, indent=0, sort_keys=True)


def _link(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
        return
    except FileNotFoundError:  # the folder's first file: make the folder (once, not per file)
        new.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


DOCS_PREFIX = "docs/"  # where MkDocs' input sits in the build tree


@dataclass(frozen=True)
class SiteUpdate:
    """Docs files (relative to docs/) that changed or appeared, and those that went away."""

    changed: frozenset[str]
    removed: frozenset[str]


@dataclass
class OutputCache:
    previous: Path | None  # the published build/ (None for a clean build)
    staging: Path  # the build tree being written
    salt: str
    previous_site: Path | None = None  # the published site/, reusable when MkDocs' input is unchanged
    keys: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # content of the staged build tree
    site_hashes: dict[str, str] = field(default_factory=dict)  # content of a reused site tree
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    old: Manifest = field(default_factory=Manifest)
    on_output: Callable[..., None] = lambda n=1: None  # progress hook, one call per output
    # Model object (by identity) → hash of its repr. One item is an input of a dozen outputs;
    # its repr, a walk over every nested record, is taken once per build instead of each time.
    _prints: dict[int, tuple[Any, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.old = Manifest.read(self.previous)

    def key_for(self, rel_path: str, inputs: Iterable[Any]) -> str:
        return digest(self.salt, rel_path, *(self._fingerprint(part) for part in inputs))

    def _fingerprint(self, part: Any) -> str:
        """Text standing for `part` in a key: a model object by the hash of its repr (taken
        once per build), containers element by element, anything else by its repr."""
        if isinstance(part, tuple | list):
            return f"{type(part).__name__}({','.join(self._fingerprint(p) for p in part)})"
        if is_dataclass(part) and not isinstance(part, type):
            memo = self._prints.get(id(part))
            if memo is None or memo[0] is not part:  # the object pins its id while memoised
                memo = (part, hashlib.sha256(repr(part).encode("utf-8")).hexdigest())
                self._prints[id(part)] = memo
            return f"{type(part).__name__}#{memo[1]}"
        return repr(part)

    def fresh(self, rel_path: str, key: str) -> bool:
        """True when the previous build has this exact output, verified by its content hash;
        it is then linked into staging."""
        if self.previous is None or self.old.keys.get(rel_path) != key:
            return False
        old = self.previous / rel_path
        expected = self.old.build.get(rel_path)
        try:
            if expected is None or old.is_symlink() or not old.is_file() or file_hash(old) != expected:
                return False
        except OSError:
            return False
        _link(old, self.staging / rel_path)
        self.hashes[rel_path] = expected
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

    def write_text(self, rel_path: str, text: str) -> Path:
        """An output whose whole input is its own text (cheap to make, e.g. assembled JSON)."""
        return self.produce(rel_path, (hashlib.sha256(text.encode()).hexdigest(),),
                            lambda path: path.write_text(text, encoding="utf-8"))

    def copy(self, rel_path: str, source: Path) -> Path:
        """A file copied into the build tree (catalog images, stylesheets)."""
        data = source.read_bytes()
        return self.produce(rel_path, (hashlib.sha256(data).hexdigest(),), lambda path: path.write_bytes(data))

    def produce_parallel(self, jobs: Iterable[tuple[str, tuple[Any, ...], Callable[[Path], object]]],
                         prepare: Callable[[list[str]], object] | None = None) -> list[Path]:
        """`produce` for many independent outputs: the stale ones render on every core.
        `prepare(stale paths)` runs first, in this process, whose memory the workers inherit."""
        from onewindow.build.parallel import run_jobs

        jobs = list(jobs)
        keys = [self.key_for(rel, inputs) for rel, inputs, _ in jobs]
        stale = [(rel, write) for (rel, _, write), key in zip(jobs, keys, strict=True) if not self.fresh(rel, key)]
        if prepare is not None:
            prepare([rel for rel, _ in stale])
        todo = [(write, self.staging / rel) for rel, write in stale]
        run_jobs(todo, self.on_output)
        stale = {target for _, target in todo}
        for (rel, _, _), key in zip(jobs, keys, strict=True):
            self.record(rel, key, rendered=self.staging / rel in stale)
        return [self.staging / rel for rel, _, _ in jobs]

    def record(self, rel_path: str, key: str, *, rendered: bool) -> None:
        """Register an output produced outside `produce` (e.g. by a worker pool)."""
        self.keys[rel_path] = key
        (self.rendered if rendered else self.reused).append(rel_path)

    def _intact_site(self) -> dict[str, Path] | None:
        """The published site/'s files when each is exactly what the manifest lists: nothing
        missing, changed or extra; None otherwise."""
        previous = self.previous_site
        if previous is None or not self.old.site:
            return None
        files = tree_files(previous)
        if files.keys() != self.old.site.keys():
            return None
        try:
            if any(p.is_symlink() or file_hash(p) != self.old.site[rel] for rel, p in files.items()):
                return None
        except OSError:
            return None
        return files

    def reuse_site(self, key: str, site_staging: Path) -> bool:
        """Link the published site/ into `site_staging` when MkDocs' input is unchanged and the
        site is verified intact."""
        if self.old.keys.get(SITE_KEY) != key or (files := self._intact_site()) is None:
            return False
        for rel, path in files.items():
            _link(path, site_staging / rel)
        self.site_hashes = dict(self.old.site)
        return True

    def stage_site_update(self, shell_key: str, docs: dict[str, str], site_staging: Path) -> SiteUpdate | None:
        """When only page sources changed since the published site (same shell), link that
        site into `site_staging` and say which docs files changed or went; MkDocs then renders
        just those (see render.site). None when a full MkDocs run is needed."""
        if self.old.keys.get(SITE_SHELL_KEY) != shell_key:
            return None
        old_docs = {rel[len(DOCS_PREFIX):]: h for rel, h in self.old.build.items() if rel.startswith(DOCS_PREFIX)}
        if not old_docs or (files := self._intact_site()) is None:
            return None
        for rel, path in files.items():
            _link(path, site_staging / rel)
        self.site_hashes = dict(self.old.site)
        changed = frozenset(rel for rel, h in docs.items() if old_docs.get(rel) != h)
        return SiteUpdate(changed, frozenset(old_docs.keys() - docs.keys()))

    def manifest(self, site_staging: Path | None) -> Manifest:
        """The manifest of the staged generation: every file of both trees, hashed once."""
        build = {rel: self.hashes.get(rel) or file_hash(path) for rel, path in tree_files(self.staging).items()}
        site = {}
        if site_staging is not None and site_staging.is_dir():
            site = {rel: self.site_hashes.get(rel) or file_hash(path)
                    for rel, path in tree_files(site_staging).items()}
        return Manifest(dict(sorted(self.keys.items())), dict(sorted(build.items())), dict(sorted(site.items())))

    def save(self, site_staging: Path | None = None) -> None:
        (self.staging / MANIFEST).write_text(self.manifest(site_staging).text(), encoding="utf-8")
