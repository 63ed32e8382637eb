"""Run independent CPU-bound render jobs on every core (ReportLab is pure Python)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

Job = tuple[Callable[[Path], object], Path]

# Forked workers start in milliseconds and each job is a whole PDF (tenths of a second and up):
# even two stale documents, the usual after one edit, are laid out side by side.
MIN_JOBS_FOR_POOL = 2


def _run(job: Job) -> None:
    write, target = job
    target.parent.mkdir(parents=True, exist_ok=True)
    write(target)


def workers() -> int:
    configured = os.environ.get("ONEWINDOW_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(jobs: Sequence[Job], on_done: Callable[[], None] | None = None) -> None:
    """Run `write(target)` for each job, in worker processes when it pays off.

    Jobs are frozen model objects bound with functools.partial, so they pickle; the
    workers are forked, so fonts and templates already loaded are inherited.
    """
    count = workers()
    if count < 2 or len(jobs) < MIN_JOBS_FOR_POOL:
        for job in jobs:
            _run(job)
            if on_done:
                on_done()
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        for _ in pool.map(_run, jobs, chunksize=4):
            if on_done:
                on_done()
