#!/usr/bin/env bash
# Lint with the pre-commit hooks CI runs (ruff, pylint-odoo, OCA checks).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
ensure_venv
"$VENV/bin/pre-commit" run --all-files --show-diff-on-failure
