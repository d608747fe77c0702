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

installed=$(psql -U "$DB_USER" -d "$DB" -Atc \
    "select state from ir_module_module where name = 'complaint_management'" 2>/dev/null || true)
if [ "$installed" != "installed" ]; then
    echo "Creating the demo database '$DB' with complaint_management and demo data..."
    dropdb -U "$DB_USER" --if-exists "$DB"
    "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i complaint_management \
        --stop-after-init --log-level=warn \
        --log-handler=odoo.addons.base.models.ir_actions_report:ERROR
else
    echo "Updating complaint_management in '$DB'..."
    "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -u complaint_management \
        --stop-after-init --log-level=warn \
        --log-handler=odoo.addons.base.models.ir_actions_report:ERROR
fi
cat <<MSG

  Odoo with complaint_management: http://localhost:$PORT
    admin / admin     complaint manager (approves up to 1000)
    demo / demo       complaint agent (grants up to 100 alone)
    portal / portal   a portal customer
  Stop with Ctrl+C.

MSG
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port="$PORT"
