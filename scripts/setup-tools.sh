#!/usr/bin/env bash
# Sets up .venv-tools with matplotlib and pandas (tools/requirements.txt) for tools/plot.py.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-tools/bin/python ]] || ! .venv-tools/bin/python -c "import matplotlib, pandas" 2>/dev/null; then
  echo "setup: installing tools/requirements.txt into .venv-tools" >&2
  python3 -m venv .venv-tools
  .venv-tools/bin/pip install -q -r tools/requirements.txt
fi
