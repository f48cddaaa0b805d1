#!/usr/bin/env bash
# Set up everything briefgen needs on a fresh Debian machine: system packages, a venv, Python deps.
# Idempotent: a second run only checks.  Used by `make build`, `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# `grep >/dev/null`, not `grep -q`, after a pipe: grep -q stops at the first match, the listing
# command dies of SIGPIPE, and pipefail reports the pipe failed: the package looked missing
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v chromium >/dev/null || need_apt+=(chromium)
# Java (the Nu HTML checker, vnu.jar) and Node.js (axe-core in chromium) for tests/test_browser.py
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v npm >/dev/null || need_apt+=(nodejs npm)
fc-list 2>/dev/null | grep DejaVuSerif >/dev/null || need_apt+=(fonts-dejavu-core fonts-dejavu-extra)
fc-list 2>/dev/null | grep LiberationSerif >/dev/null || need_apt+=(fonts-liberation2)
# Noto for every other script (Armenian, Georgian, Arabic, Hebrew, Ethiopic, Devanagari, … and CJK):
# the templates' font stacks name these families, and `check` warns of a character no font draws
fc-list : family 2>/dev/null | grep "Noto Sans Ethiopic" >/dev/null || need_apt+=(fonts-noto-core)
fc-list : family 2>/dev/null | grep "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
ldconfig -p | grep libpango-1.0 >/dev/null || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep libcairo.so.2 >/dev/null || need_apt+=(libcairo2)   # cairosvg: charts in Word files
# LibreOffice Writer (headless) for tests/test_word.py, which opens the Word output in it
command -v libreoffice >/dev/null || need_apt+=(libreoffice-writer)
# ICU for PyICU (line breaks in Khmer, Lao, Myanmar and Thai, script properties, CLDR quote
# marks), which pip builds from source: the ICU headers, pkg-config to find them, a C++ compiler
# and the headers of the Python that builds it
pkg-config --exists icu-uc 2>/dev/null || need_apt+=(libicu-dev pkg-config)
command -v g++ >/dev/null || need_apt+=(g++)
"${PYTHON:-python3}" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null ||
    need_apt+=(python3-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "setup: installing system packages: ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$PY" -m venv .venv
fi
stamp=.venv/.briefgen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing Python dependencies"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev,dask]'  # dask: tests/test_dask.py runs a LocalCluster
    touch "$stamp"
fi
# the package's bytecode, as pip writes it for an installed package: an editable install does
# not, and with PYTHONDONTWRITEBYTECODE set every run compiled its 100 modules from source
# (0.1 s of each build); up-to-date files are skipped
.venv/bin/python -m compileall -q briefgen

# Node dev tools pinned in package-lock.json: vnu-jar, axe-core and playwright-core (which drives
# Debian's chromium and downloads no browser).  --ignore-scripts: none of them needs an install
# script, and vnu-jar's would try to download a JDK from GitHub when no java is on PATH.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    echo "setup: installing Node dev tools (npm ci)"
    npm ci --no-audit --no-fund --ignore-scripts
    touch node_modules
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
    echo "setup: warning: Node.js ${node_major} is older than 20, which playwright-core needs;" \
        "tests/test_browser.py will not run (install Node.js 20 or later)" >&2
fi
