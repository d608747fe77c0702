#!/usr/bin/env bash
# Idempotent set-up: checks Odoo and PostgreSQL, installs the system packages
# and the virtualenv the project needs. Uses the Odoo tree at $ODOO_SRC; never
# fetches or builds Odoo itself.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/common.sh
. scripts/common.sh

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
