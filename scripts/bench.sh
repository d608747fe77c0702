#!/usr/bin/env bash
# `make bench`: a fresh database with the addon (no demo data), a bulk volume of
# complaints, each case measured side by side with a plain helpdesk ticket, and
# a bounded load on a served Odoo. Arguments go to scripts/bench.py, e.g.
#   make bench BENCH_ARGS="--complaints 10000 --load-seconds 60"
# Not part of `make test`: it takes up to 30 minutes at the default size.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=${BENCH_DB:-complaint_bench}
LOAD_PORT=${BENCH_PORT:-8269}
ASSETS_PORT=${BENCH_ASSETS_PORT:-8270}
CONF=$PWD/.odoo-bench.conf

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
write_odoo_conf "$CONF" "$DB"
cat >> "$CONF" <<CONF
http_port = $LOAD_PORT
data_dir = $PWD/.odoo-data
CONF

echo "== Fresh benchmark database '$DB' with complaint_management (no demo data)"
dropdb -U "$DB_USER" --if-exists "$DB"
"$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i complaint_management \
    --without-demo all --stop-after-init --log-level=warn \
    --log-handler=odoo.addons.base.models.ir_actions_report:ERROR

echo "== Benchmark"
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$PY" scripts/bench.py \
    --config "$CONF" --database "$DB" \
    --load-port "$LOAD_PORT" --assets-port "$ASSETS_PORT" "$@"
