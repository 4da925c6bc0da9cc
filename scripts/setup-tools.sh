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
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]} (the report test's browser; the scripts' checker)" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
