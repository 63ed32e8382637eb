#!/usr/bin/env bash
# Installs everything onewindow needs on a fresh Debian/Ubuntu machine:
# system packages (Graphviz, a TrueType CJK font, poppler, Chromium), a Python venv
# with the project and its test tools at the exact versions of requirements/lock.txt (hash-checked,
# the same set CI tests; refresh with scripts/lock.sh), and axe-core for the accessibility tests.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES="graphviz fonts-wqy-microhei fonts-hanazono poppler-utils chromium python3-venv git"
missing=""
for p in $APT_PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "==> 安装系统软件包:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  "$PY" -m venv .venv
fi
# Exactly the locked versions, every file checked against its sha256 (no resolver surprises).
.venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/lock.txt
# onewindow itself, editable, built with the locked setuptools; its dependencies are all above.
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
.venv/bin/python -m pip check

# axe-core is injected into pages by the accessibility tests; it is vendored from npm once.
if [ ! -f tests/vendor/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  # A package.json pins npm to this folder (it would otherwise climb to any parent node_modules).
  echo '{"private": true}' > "$tmp/package.json"
  npm install --prefix "$tmp" --silent --no-audit --no-fund axe-core@4 >/dev/null
  mkdir -p tests/vendor && cp "$tmp/node_modules/axe-core/axe.min.js" tests/vendor/axe.min.js
  rm -rf "$tmp"
fi
