#!/usr/bin/env bash
# Refreshes requirements/lock.txt: the exact version and sha256 hashes of every dependency
# (runtime and test tools) that scripts/setup.sh and CI install. Run it after changing a range
# in pyproject.toml, or to move to newer releases on purpose, and commit the result together
# with a green `bash scripts/test.sh`. Reads the package indexes configured for pip (pip config list).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"$PY" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install -q "pip-tools==7.6.2"
# --all-build-deps pins the build backend (setuptools, wheel) too, so scripts/setup.sh installs
# onewindow itself without fetching an unpinned backend; --allow-unsafe permits pinning setuptools.
# --strip-extras keeps the file a plain list of exact versions.
"$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
  --extra test --all-build-deps --no-emit-index-url --no-emit-find-links \
  --output-file requirements/lock.txt pyproject.toml
echo "requirements/lock.txt 已更新：$(grep -c '^[A-Za-z0-9]' requirements/lock.txt) 个软件包"
