#!/usr/bin/env bash
# `make bench-cluster`: two Odoo HTTP servers and two cron servers on one fresh
# database and one shared filestore, under the bounded load of `make bench`,
# then a cron server killed in the middle of the letters job. Arguments go to
# scripts/bench_cluster.py, e.g.
#   make bench-cluster BENCH_ARGS="--load-seconds 60 --letters 20"
# Ports: BENCH_CLUSTER_PORT (default 8190) and the next four (HTTP A and B,
# their gevent ports, the SMTP sink). Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=${BENCH_CLUSTER_DB:-complaint_cluster}
PORT=${BENCH_CLUSTER_PORT:-8190}
CONF=$PWD/.odoo-cluster.conf
DATA_DIR=$PWD/.odoo-cluster-data

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
write_odoo_conf "$CONF" "$DB"
# one filestore for the four servers: attachments and the sessions directory
cat >> "$CONF" <<CONF
data_dir = $DATA_DIR
db_maxconn = 16
CONF

echo "== Fresh cluster database '$DB' with complaint_management (no demo data)"
dropdb -U "$DB_USER" --if-exists "$DB"
rm -rf "$DATA_DIR/filestore/$DB"
"$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i complaint_management \
    --without-demo all --stop-after-init --log-level=warn \
    --log-handler=odoo.addons.base.models.ir_actions_report:ERROR

echo "== Cluster run"
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$PY" scripts/bench_cluster.py \
    --config "$CONF" --database "$DB" \
    --http-ports "$PORT" "$((PORT + 1))" --gevent-ports "$((PORT + 2))" "$((PORT + 3))" \
    --smtp-port "$((PORT + 4))" "$@"
