#!/usr/bin/env bash
# Runs the whole test suite (and ruff). pytest exit code 5 ("no tests collected") is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests bench
status=$?
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  rc=1
fi
[ "$status" -ne 0 ] && [ "$rc" -eq 0 ] && rc=$status
exit "$rc"
