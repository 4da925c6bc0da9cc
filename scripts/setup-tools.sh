#!/usr/bin/env bash
# Sets up .venv-tools with matplotlib and pandas (tools/requirements.txt) for tools/plot.py, and
# headless Chromium for the report test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-tools/bin/python ]] || ! .venv-tools/bin/python -c "import matplotlib, pandas" 2>/dev/null; then
  echo "setup: installing tools/requirements.txt into .venv-tools" >&2
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install -q -r tools/requirements.txt
fi
# Headless Chromium, for the test that opens report.html in a real browser (ReportTests).
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium (headless browser for the report test)" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi
