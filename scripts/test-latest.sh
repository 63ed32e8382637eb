#!/usr/bin/env bash
# Runs the test suite against the newest versions pyproject.toml allows (not the lock), in a
# separate venv (.venv-latest), to see whether the lock can move forward: when this passes,
# `bash scripts/lock.sh` is safe to commit. CI runs it on demand (.github/workflows/latest.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
rm -rf .venv-latest
"$PY" -m venv .venv-latest
.venv-latest/bin/python -m pip install -q --upgrade --upgrade-strategy eager '.[test]'
.venv-latest/bin/python -m pip list --format=freeze > .venv-latest/versions.txt
echo "==> 最新允许版本（与 requirements/lock.txt 的差异）："
# Names normalised as PEP 503 does (ruamel.yaml = ruamel-yaml); the venv's own pip/setuptools/wheel left out.
normalise() { awk -F'==' '{ n = tolower($1); gsub(/[._]+/, "-", n); sub(/ .*/, "", $2); print n "==" $2 }' \
  | grep -Ev '^(onewindow|pip|setuptools|wheel)==' | sort; }
diff <(grep -o '^[A-Za-z0-9._-]*==[^ ]*' requirements/lock.txt | normalise) \
     <(normalise < .venv-latest/versions.txt) || true
export CI=true
.venv-latest/bin/ruff check src tests bench
.venv-latest/bin/python -m pytest "$@"
