"""Reproducible builds: one timestamp, taken from the catalog, for every tool that stamps output.

MkDocs dates sitemap.xml (<lastmod>) and the gzip header of sitemap.xml.gz with the build
time unless SOURCE_DATE_EPOCH is set (the reproducible-builds.org convention). We set it to
the catalog's last git commit, or without git to the latest date written in the catalog, so
two builds of the same catalog at the same commit are byte-identical on any day.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

VARIABLE = "SOURCE_DATE_EPOCH"
FALLBACK_EPOCH = 0  # a catalog with neither git history nor any date: 1970-01-01, still fixed
LAST_EPOCH = 2**32 - 1  # gzip and ZIP headers hold 32 bits: 2106-02-07 is the last stampable second


def git_commit_epoch(catalog_dir: Path) -> int | None:
    """Commit time (seconds) of the last commit touching the catalog, or None outside git."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=catalog_dir,
                              capture_output=True, text=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip()
    return int(stamp) if stamp.isdigit() else None


def latest_date_epoch(dates: Iterable[str]) -> int | None:
    """Midnight UTC of the latest YYYY-MM-DD among `dates` (effective/revised dates of records)."""
    parsed = []
    for text in dates:
        try:
            parsed.append(datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC))
        except (TypeError, ValueError):
            continue
    return int(max(parsed).timestamp()) if parsed else None


def catalog_dates(catalog: object) -> Iterator[str]:
    """Every effective/revised date of the catalog's items, bundles and laws."""
    for group in ("items", "bundles", "laws"):
        records = getattr(catalog, group, {}) or {}
        for record in records.values() if isinstance(records, dict) else records:
            yield getattr(record, "effective", "")
            yield getattr(record, "revised", "")


def catalog_epoch(catalog_dir: Path, catalog: object | None = None) -> int:
    """The build's timestamp: git commit of the catalog, else its latest record date, else 0."""
    epoch = git_commit_epoch(catalog_dir)
    if epoch is None and catalog is not None:
        epoch = latest_date_epoch(catalog_dates(catalog))
    return FALLBACK_EPOCH if epoch is None else epoch


@contextmanager
def source_date_epoch(catalog_dir: Path, catalog: object | None = None) -> Iterator[int]:
    """Set SOURCE_DATE_EPOCH for the duration of a build (a value set by the caller wins)."""
    saved = os.environ.get(VARIABLE)
    epoch = int(saved) if saved and saved.isdigit() and len(saved) < 12 else catalog_epoch(catalog_dir, catalog)
    epoch = min(epoch, LAST_EPOCH)
    os.environ[VARIABLE] = str(epoch)
    try:
        yield epoch
    finally:
        if saved is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = saved
