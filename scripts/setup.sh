#!/usr/bin/env bash
# Installs everything dgkg needs on a fresh Debian/Ubuntu machine: the system tools the
# tests call (a Java runtime for HermiT, Chromium and a CJK font for the browser tests,
# Raptor/Rasqal, Virtuoso and Jena for interoperability checks, the OWL API for the OWL 2 DL check,
# Apache httpd and nginx for the static site) and a virtual environment with the package.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# what-to-check:debian-package (a command on PATH, or a file when it starts with /)
SYSTEM_TOOLS=(
  "java:default-jre-headless"
  "javac:default-jdk-headless"  # runs tests/stores/JenaEndpoint.java (the JDK's source launcher)
  "chromium:chromium"
  "rapper:raptor2-utils"
  "roqet:rasqal-utils"
  "virtuoso-t:virtuoso-opensource"
  "/usr/share/java/jena-arq.jar:libapache-jena-java"
  "/usr/share/java/owlapi-api.jar:libowlapi-java"
  "/usr/sbin/apache2:apache2-bin"  # serve the static site with its .htaccess and its nginx.conf
  "/usr/sbin/nginx:nginx"          # (tests/test_site_web_servers.py; each started on loopback by the test)
)
FONT_PACKAGE=fonts-wqy-microhei

missing=()
for pair in "${SYSTEM_TOOLS[@]}"; do
  check=${pair%%:*}
  if [[ $check == /* ]]; then
    [[ -e $check ]] || missing+=("${pair##*:}")
  else
    command -v "$check" >/dev/null 2>&1 || missing+=("${pair##*:}")
  fi
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

# Byte-compile dgkg's own modules, as pip does when it installs a package. An editable install
# leaves that to the first import, and where PYTHONDONTWRITEBYTECODE is set (as on the CI machine)
# every process compiled every module it imported, every time: 80 ms of each `dgkg query`.
# Only what changed is compiled again, and Python checks each .pyc against its source.
"$VENV/bin/python" -m compileall -q -j 0 -x '/\.(venv|git)/|/dist[^/]*/' .
