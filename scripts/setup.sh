#!/usr/bin/env bash
# Installs everything dgkg needs on a fresh Debian/Ubuntu machine: the system tools the
# tests call (a Java runtime for HermiT, Chromium and a CJK font for the browser tests,
# Raptor/Rasqal for interoperability checks) and a virtual environment with the package.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# binary-to-check:debian-package
SYSTEM_TOOLS=(
  "java:default-jre-headless"
  "chromium:chromium"
  "rapper:raptor2-utils"
  "roqet:rasqal-utils"
)
FONT_PACKAGE=fonts-wqy-microhei

missing=()
for pair in "${SYSTEM_TOOLS[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=("$FONT_PACKAGE")

if ((${#missing[@]})); then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages yourself: ${missing[*]}" >&2
    echo "setup: (dgkg still builds without them; HermiT falls back to owlrl, browser tests are skipped)" >&2
  fi
fi

if [[ ! -x $VENV/bin/python ]]; then
  "$PYTHON" -m venv "$VENV"
fi
stamp=$VENV/.dgkg-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp || constraints.txt -nt $stamp ]]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test]"
  touch "$stamp"
fi
