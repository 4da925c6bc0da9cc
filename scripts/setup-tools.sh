#!/usr/bin/env bash
# Sets up .venv-tools with matplotlib and pandas (tools/requirements.txt) for tools/plot.py,
# headless Chromium for the report test, and shellcheck for the scripts and cluster examples.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-tools/bin/python ]] || ! .venv-tools/bin/python -c "import matplotlib, pandas" 2>/dev/null; then
  echo "setup: installing tools/requirements.txt into .venv-tools" >&2
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install -q -r tools/requirements.txt
fi
# Headless Chromium, for the test that opens report.html in a real browser (ReportTests), and
# the shell-script checker, for scripts/ and docs/examples/.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
# shellcheck source=scripts/apt.sh
source scripts/apt.sh
install_packages setup "(the report test's browser; the scripts' checker)" "${missing[@]}"
