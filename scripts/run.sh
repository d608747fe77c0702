#!/usr/bin/env bash
# `make run`: set up (idempotent), create the demo database once, serve Odoo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=${DB:-complaint_demo}
PORT=${PORT:-8069}
CONF=$PWD/.odoo-run.conf

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
write_odoo_conf "$CONF" "$DB"
echo "data_dir = $PWD/.odoo-data" >> "$CONF"

prepare_demo_db "$CONF" "$DB"
cat <<MSG

  Odoo with complaint_management: http://localhost:$PORT
    admin / admin     complaint manager (approves up to 1000)
    demo / demo       complaint agent (grants up to 100 alone)
    portal / portal   a portal customer
  Stop with Ctrl+C.

MSG
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port="$PORT"
