#!/usr/bin/env bash
# `make screenshots`: prepare the demo database like `make run`, serve it on its
# own port in the background, take the README's screenshots in headless
# Chromium (scripts/screenshots.py), and stop the server, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=${DB:-complaint_demo}
PORT=${PORT:-8469}
CONF=$PWD/.odoo-screenshots.conf
LOG=$PWD/.odoo-data/screenshots.log
SERVER_PID=

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT
trap "exit 130" INT TERM

wait_for_login_page() {
    local url=http://localhost:$PORT/web/login
    for _ in $(seq 120); do
        curl -fs -o /dev/null "$url" && return
        kill -0 "$SERVER_PID" 2>/dev/null || die "Odoo stopped while starting: see $LOG."
        sleep 1
    done
    die "Odoo did not answer $url within 120 s: see $LOG."
}

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
write_odoo_conf "$CONF" "$DB"
echo "data_dir = $PWD/.odoo-data" >> "$CONF"
prepare_demo_db "$CONF" "$DB"

mkdir -p .odoo-data
echo "Starting Odoo on port $PORT (log: $LOG)..."
"$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port="$PORT" --workers 0 \
    --log-handler=odoo.addons.base.models.ir_actions_report:ERROR >"$LOG" 2>&1 &
SERVER_PID=$!
wait_for_login_page
"$PY" scripts/screenshots.py --url "http://localhost:$PORT" --db "$DB" --out docs/screenshots
