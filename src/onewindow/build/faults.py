"""Named kill points for fault-injection tests.

`ONEWINDOW_KILL_AT=<point>` makes the build SIGKILL itself when it reaches that point, so a
test can stop it deterministically at every stage boundary and between the two publications,
then check that the next build repairs everything. Unset (always, outside tests) it costs one
dictionary lookup per point.
"""

from __future__ import annotations

import os
import signal

ENV = "ONEWINDOW_KILL_AT"


def checkpoint(point: str) -> None:
    if os.environ.get(ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def points(target_names: list[str]) -> list[str]:
    """Every kill point of a build with these targets, in the order a build passes them."""
    return ["locked", "recovered", *(f"before:{name}" for name in target_names), "manifest",
            "journal", "published:build", "published:site", "committed"]
