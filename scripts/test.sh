#!/usr/bin/env bash
# `make test`: a fresh database with the addon and its demo data, the whole
# test suite (pytest + pytest-odoo on a real Odoo and PostgreSQL), the peer
# modules' own suites on the same database, then lint.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=${TEST_DB:-complaint_test}
CONF=$PWD/.odoo-test.conf
TEST_PORT=${TEST_PORT:-8169}

require_odoo
ensure_postgres
ensure_system_packages
ensure_venv
write_odoo_conf "$CONF" "$DB"
cat >> "$CONF" <<CONF
http_port = $TEST_PORT
data_dir = $PWD/.odoo-data
CONF

ADDONS=$(project_addons)
echo "== Fresh test database '$DB' with $ADDONS"
dropdb -U "$DB_USER" --if-exists "$DB"
start=$(date +%s)
"$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i "$ADDONS" \
    --stop-after-init --log-level=warn \
    --log-handler=odoo.addons.base.models.ir_actions_report:ERROR
echo "   installed in $(($(date +%s) - start)) s"

echo "== Tests"
# pytest exits 5 when it collects no test: that fails here too. pytest-xdist
# runs the files on one copy of the database per core (pytest-odoo clones it
# per worker, each with its own HTTP port); TEST_WORKERS=0 runs them in-process.
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$PY" -m pytest tests \
    -n "${TEST_WORKERS:-auto}" --dist loadfile \
    --odoo-database="$DB" --odoo-config="$CONF" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider "$@"

# The rest is independent: the peer suites read the test database, the
# upgrade check changes a copy of it, and the wheels and lint need no
# database. They run side by side (one core each) and report in turn.
UPGRADE_DB="${DB}_upgrade"
UPGRADE_CONF=$PWD/.odoo-upgrade.conf
write_odoo_conf "$UPGRADE_CONF" "$UPGRADE_DB"
echo "data_dir = $PWD/.odoo-data" >> "$UPGRADE_CONF"
dropdb -U "$DB_USER" --if-exists "$UPGRADE_DB"
createdb -U "$DB_USER" -T "$DB" "$UPGRADE_DB"
rm -rf ".odoo-data/filestore/$UPGRADE_DB"
cp -a ".odoo-data/filestore/$DB" ".odoo-data/filestore/$UPGRADE_DB" 2>/dev/null || true

wheels() {
    local wheel_dir addon
    wheel_dir=$(mktemp -d)
    for addon in ${ADDONS//,/ }; do
        "$PY" -m pip wheel -q --no-deps -w "$wheel_dir" "./$addon" 2>&1 |
            grep -v "^WARNING: Location" || true
        ls "$wheel_dir"/odoo_addon_"$addon"-*.whl
    done
    rm -rf "$wheel_dir"
}

logs=$(mktemp -d)
bash scripts/test_peers.sh "$DB" "$CONF" >"$logs/peers" 2>&1 &
peers=$!
bash scripts/check_upgrade.sh "$UPGRADE_DB" "$UPGRADE_CONF" >"$logs/upgrade" 2>&1 &
upgrade=$!
{ wheels && bash scripts/lint.sh; } >"$logs/lint" 2>&1 &
lint=$!

failed=()
report() {
    # $1: title, $2: pid, $3: log
    local rc=0
    wait "$2" || rc=$?
    echo "== $1"
    cat "$3"
    [ "$rc" = 0 ] || failed+=("$1")
}
report "The peer modules' own tests, with complaint_management installed" "$peers" "$logs/peers"
report "Upgrade and uninstall keep the data" "$upgrade" "$logs/upgrade"
report "Wheels and lint" "$lint" "$logs/lint"
rm -rf "$logs"
dropdb -U "$DB_USER" --if-exists "$UPGRADE_DB"
rm -rf ".odoo-data/filestore/$UPGRADE_DB"
[ ${#failed[@]} = 0 ] || die "failed: ${failed[*]}"
echo "== make test passed in $(($(date +%s) - start)) s"
