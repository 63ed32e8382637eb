"""One build transaction, driven through the real CLI in subprocesses.

A build killed with SIGKILL at any moment leaves `site/` and `build/` each exactly as a complete
build left them (the old one or the new one, never a mix of files inside a tree, never missing);
the next build finishes an interrupted publication and repairs anything changed by hand, so its
output is byte-identical to a clean build of the same catalog. The kill lands deterministically
at every named point of a build (onewindow.build.faults: each stage boundary, after the journal,
between the two publications) and at random moments. Two builds at once: the second stops with
the lock message.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from frozen_cli import command, environment, freeze
from onewindow.build.transaction import STAGING_PREFIX

pytestmark = pytest.mark.slow

MINIMAL = Path(__file__).parent / "roots" / "minimal"
SPREAD_POINTS, SWAP_POINTS = 12, 8
KILLS_WANTED = 16
ITEM = "items/scjg/999902000000XK00101.yml"


def manifest(root: Path) -> dict[str, str]:
    """Relative path → sha256 of every file (and link target of every symlink) below root."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir() and not any(path.iterdir()):
            found[rel + "/"] = "empty"
    return found


def trees(out: Path) -> dict[str, dict[str, str]]:
    return {name: manifest(out / name) if (out / name).is_dir() else {} for name in ("build", "site")}


FROZEN: dict[str, str] = {}  # the environment that runs the frozen copy of onewindow


def build_cmd(catalog: Path, out: Path) -> list[str]:
    return command("build", str(catalog), "--build-dir", str(out / "build"), "--site-dir", str(out / "site"))


def build(catalog: Path, out: Path) -> float:
    """A complete build; returns its wall-clock duration (used only to place the kill points)."""
    start = time.monotonic()
    done = subprocess.run(build_cmd(catalog, out), cwd=out.parent, capture_output=True, text=True, timeout=600,
                          env=FROZEN)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two versions of one catalog: "a" and "b" differ in an item's name and FAQ (many outputs change)."""
    root = tmp_path_factory.mktemp("atomic")
    FROZEN.update(environment(freeze(root / "onewindow")))
    a, b = root / "a", root / "b"
    shutil.copytree(MINIMAL, a)
    shutil.copytree(MINIMAL, b)
    text = (b / ITEM).read_text(encoding="utf-8")
    for old, new in (("name: 个体工商户设立登记", "name: 个体工商户开业登记"),
                     ("faq:\n", "faq:\n  - q: 可以网上办理吗？\n    a: 可以，在浙江政务服务网办理。\n")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (b / ITEM).write_text(text, encoding="utf-8")
    return {"a": a, "b": b, "root": root}


@pytest.fixture(scope="module")
def references(catalogs: dict[str, Path]) -> tuple[dict[str, dict], float]:
    """The complete outputs of "a" and "b" (fresh builds), and how long a build takes."""
    refs = {}
    durations = []
    for name in ("a", "b"):
        out = catalogs["root"] / f"ref-{name}"
        out.mkdir()
        durations.append(build(catalogs[name], out))
        refs[name] = trees(out)
    assert refs["a"]["site"] != refs["b"]["site"] and refs["a"]["build"] != refs["b"]["build"]
    return refs, max(durations)


def which(tree: str, found: dict[str, str], refs: dict[str, dict]) -> str:
    for name in ("a", "b"):
        if found == refs[name][tree]:
            return name
    closest = min(("a", "b"), key=lambda n: len(set(found.items()) ^ set(refs[n][tree].items())))
    ref = refs[closest][tree]
    missing = sorted(set(ref) - set(found))[:5]
    changed = sorted(k for k in set(ref) & set(found) if ref[k] != found[k])[:5]
    extra = sorted(set(found) - set(ref))[:5]
    raise AssertionError(f"{tree}/ is neither complete build; closest {closest!r}: missing {missing}, "
                         f"different {changed}, extra {extra}")


def kill_delays(duration: float) -> list[float]:
    """Points over the whole build, and more near its end, where the trees are swapped in."""
    spread = [duration * (0.02 + 0.98 * i / (SPREAD_POINTS - 1)) for i in range(SPREAD_POINTS)]
    swap = [duration * (0.8 + 0.3 * i / (SWAP_POINTS - 1)) for i in range(SWAP_POINTS)]
    # Under load a build can outlast its measured time or finish early; spare points inside the
    # build make sure enough kills land (they are only used while fewer than KILLS_WANTED did).
    spare = [duration * f for f in (0.15, 0.35, 0.55, 0.75, 0.9) * 4]
    return sorted(spread + swap) + spare


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(STAGING_PREFIX) or ".tmp-" in p.name)


def repaired(catalogs: dict[str, Path], refs: dict[str, dict], out: Path, name: str) -> None:
    """A normal build of catalog `name` over whatever `out` holds equals a clean build of it."""
    build(catalogs[name], out)
    assert {t: which(t, f, refs) for t, f in trees(out).items()} == {"build": name, "site": name}
    assert leftovers(out) == []


def kill_points() -> list[str]:
    from onewindow.build.faults import points
    from onewindow.render import TARGETS

    return points([t.name for t in TARGETS])


def test_kill_at_every_point_then_rebuild_equals_a_clean_build(catalogs, references) -> None:
    refs, _ = references
    out = catalogs["root"] / "points"
    out.mkdir()
    build(catalogs["a"], out)
    current = "a"
    mixed = []
    for point in kill_points():
        target = "b" if current == "a" else "a"
        env = {**FROZEN, "ONEWINDOW_KILL_AT": point}
        done = subprocess.run(build_cmd(catalogs[target], out), cwd=out.parent, capture_output=True, text=True,
                              timeout=600, env=env)
        assert done.returncode == -signal.SIGKILL, (point, done.returncode, done.stderr)
        state = {t: which(t, f, refs) for t, f in trees(out).items()}  # each tree whole, old or new
        if state["build"] != state["site"]:
            mixed.append(point)
        repaired(catalogs, refs, out, target)
        current = target
    # Only a kill between the two exchanges leaves the trees of two generations side by side;
    # the journal makes the next build finish that publication before anything else.
    assert mixed == ["published:build"]


def test_changed_outputs_are_repaired_by_the_next_build(catalogs, references) -> None:
    refs, _ = references
    out = catalogs["root"] / "tampered"
    out.mkdir()
    build(catalogs["a"], out)
    build_dir, site = out / "build", out / "site"
    pdf = next((build_dir / "checklists").glob("*.pdf"))
    svg = next((build_dir / "docs/assets/flowcharts/items").glob("*.svg"))
    page = next((build_dir / "docs/items").glob("*.md"))

    def older_site() -> None:  # site/ replaced by the one of another generation
        shutil.rmtree(site)
        shutil.copytree(catalogs["root"] / "ref-b" / "site", site)

    def half_of_site() -> None:
        for path in sorted(p for p in site.rglob("*") if p.is_file())[::2]:
            path.unlink()

    def write(path: Path, data: bytes) -> Callable[[], None]:
        def change() -> None:
            path.unlink()  # a new file, as an editor saves it (the old one may be linked elsewhere)
            path.write_bytes(data)
        return change

    def truncate(path: Path) -> Callable[[], None]:
        def change() -> None:
            with path.open("r+b") as f:  # in place: every hard link to it sees the damage
                f.truncate(path.stat().st_size // 2)
        return change

    changes: dict[str, Callable[[], None]] = {
        "older site/": older_site,
        "truncated PDF": truncate(pdf),
        "garbage SVG": write(svg, b"<svg>garbage"),
        "overwritten Markdown": write(page, "# 别的内容\n".encode()),
        "half of site/ deleted": half_of_site,
        "emptied site/index.html": write(site / "index.html", b""),
        "stray site/evil.html": lambda: (site / "evil.html").write_text("<script>alert(1)</script>"),
        "stray build/ file": lambda: (build_dir / "docs" / "evil.md").write_text("# evil"),
        "manifest deleted": lambda: (build_dir / ".onewindow-manifest.json").unlink(),
        "site/ deleted": lambda: shutil.rmtree(site),
    }
    for what, change in changes.items():
        change()
        assert trees(out) != refs["a"], what
        repaired(catalogs, refs, out, "a")


def test_sigkill_at_many_moments_leaves_complete_trees(catalogs, references) -> None:
    refs, _ = references
    out = catalogs["root"] / "live"
    out.mkdir()
    build(catalogs["a"], out)
    # An update over an existing build reuses cached outputs and is faster than a fresh one:
    # time two such updates to place the kill points.
    duration = (build(catalogs["b"], out) + build(catalogs["a"], out)) / 2
    state = {t: which(t, f, refs) for t, f in trees(out).items()}
    assert state == {"build": "a", "site": "a"}
    outcomes: list[tuple[float, str, str]] = []
    for delay in kill_delays(duration):
        if len(outcomes) >= SPREAD_POINTS + SWAP_POINTS and sum(o[1] == "killed" for o in outcomes) >= KILLS_WANTED:
            break
        target = "b" if state["site"] == "a" else "a"
        proc = subprocess.Popen(build_cmd(catalogs[target], out), cwd=out.parent, start_new_session=True, env=FROZEN,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole group: dot and other children too
        proc.wait(timeout=60)
        state = {t: which(t, f, refs) for t, f in trees(out).items()}
        outcomes.append((round(delay, 2), "finished" if finished else "killed", f"{state['build']}/{state['site']}"))
        if not finished:  # the next build of the same catalog repairs whatever the kill left
            repaired(catalogs, refs, out, target)
            state = {"build": target, "site": target}
    killed = [o for o in outcomes if o[1] == "killed"]
    print(f"\nSIGKILL points tried: {len(killed)} (of {len(outcomes)} scheduled over a {duration:.1f}s build)")
    for delay, how, result in outcomes:
        print(f"  after {delay:5.2f}s: {how:8s} build/site = {result}")
    assert len(killed) >= KILLS_WANTED, outcomes
    build(catalogs["a"], out)  # a normal build after the kills succeeds and cleans up
    assert {t: which(t, f, refs) for t, f in trees(out).items()} == {"build": "a", "site": "a"}
    assert leftovers(out) == []


def test_second_concurrent_build_fails_fast_with_lock_message(catalogs, references) -> None:
    refs, _ = references
    out = catalogs["root"] / "locked"
    out.mkdir()
    first = subprocess.Popen(build_cmd(catalogs["b"], out), cwd=out.parent, env=FROZEN, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(STAGING_PREFIX) for p in out.iterdir()):  # made under the lock
        assert first.poll() is None and time.monotonic() < deadline, "first build ended before locking"
        time.sleep(0.02)
    second = subprocess.run(build_cmd(catalogs["a"], out), cwd=out.parent, capture_output=True, text=True,
                            timeout=120, env=FROZEN)
    assert first.poll() is None, "the first build must still be running when the second is refused"
    assert second.returncode != 0
    assert "另一个构建正在进行" in second.stderr and "Traceback" not in second.stderr, second.stderr
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert {t: which(t, f, refs) for t, f in trees(out).items()} == {"build": "b", "site": "b"}
