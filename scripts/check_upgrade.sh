#!/usr/bin/env bash
# Nothing lost on upgrade or uninstall: on the test database (demo data: every
# kind of record), `-u complaint_management` keeps every complaint, number,
# state, compensation, plan and sent letter; uninstalling the addon (on a copy)
# leaves the helpdesk tickets in place. The upgrade starts from a database as
# 18.0.5 left it, without the lifecycle column: the upgrade computes every
# complaint's state again, from its facts, and must find the same states.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

DB=$1
CONF=$2
COPY="${DB}_uninstall"

fingerprint() {
    psql -U "$DB_USER" -d "$DB" -Atc "
        SELECT (SELECT count(*) || ':' || md5(string_agg(complaint_ref, ',' ORDER BY id))
                  FROM helpdesk_ticket WHERE complaint_ref IS NOT NULL),
               (SELECT count(*) || ':' || md5(string_agg(complaint_state, ',' ORDER BY id))
                  FROM helpdesk_ticket WHERE is_complaint),
               (SELECT count(*) || ':' || coalesce(sum(amount), 0) || ':'
                       || md5(string_agg(state, ',' ORDER BY id)) FROM complaint_compensation),
               (SELECT count(*) || ':' || md5(string_agg(state, ',' ORDER BY id))
                  FROM complaint_corrective_action),
               (SELECT count(*) || ':' || md5(string_agg(checksum, ',' ORDER BY id))
                  FROM ir_attachment
                 WHERE res_model = 'helpdesk.ticket' AND name LIKE 'Response %.pdf'),
               (SELECT count(*) || ':' || md5(string_agg(
                       id || '=' || complaint_first_response_date, ',' ORDER BY id))
                  FROM helpdesk_ticket WHERE complaint_first_response_date IS NOT NULL)"
}

before=$(fingerprint)
case "$before" in
    0:*) echo "check_upgrade: the database holds no complaint to check" >&2; exit 1 ;;
esac
# as 18.0.5.0.0 left it: no complaint_state yet (nor the reports built on
# it, which the upgrade makes again)
psql -U "$DB_USER" -d "$DB" -qc "ALTER TABLE helpdesk_ticket DROP COLUMN complaint_state CASCADE"
# and as before the regimes (18.0.7.0.0): complaints registered without clocks;
# before 18.0.7.1.0, no first response stamped: the upgrade finds them again
psql -U "$DB_USER" -d "$DB" -qc "
    DELETE FROM complaint_clock;
    UPDATE helpdesk_ticket SET complaint_first_response_date = NULL;
    UPDATE ir_module_module SET latest_version = '18.0.6.0.0'
     WHERE name = 'complaint_management'"
"$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -u "$(project_addons)" \
    --stop-after-init --log-level=warn
after=$(fingerprint)
if [ "$before" != "$after" ]; then
    echo "check_upgrade: records changed on upgrade" >&2
    echo "  before: $before" >&2
    echo "  after:  $after" >&2
    exit 1
fi
echo "   upgrade kept complaints, compensations, plans and letters: $after"
# the reports built on the lifecycle are back, with a row per complaint
trend=$(psql -U "$DB_USER" -d "$DB" -Atc "SELECT count(*) FROM complaint_trend_report")
[ "$trend" -gt 0 ] || { echo "check_upgrade: the trend report is empty after upgrade" >&2; exit 1; }
# the migration gave each registered complaint its clocks, the deadline kept
unclocked=$(psql -U "$DB_USER" -d "$DB" -Atc "
    SELECT count(*) FROM helpdesk_ticket t
     WHERE t.complaint_ref IS NOT NULL AND t.complaint_anonymised_date IS NULL
       AND NOT EXISTS (SELECT 1 FROM complaint_clock c WHERE c.ticket_id = t.id
                          AND c.governing AND c.due_date = t.complaint_deadline)")
if [ "$unclocked" != 0 ]; then
    echo "check_upgrade: $unclocked registered complaints left without their clocks" >&2
    exit 1
fi
echo "   registered complaints got their clocks, deadlines kept"

dropdb -U "$DB_USER" --if-exists "$COPY"
createdb -U "$DB_USER" -T "$DB" "$COPY"
# a complaint recorded by a user (demo records belong to the addon and go
# with it, as Odoo removes every module's own data on uninstall)
"$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$COPY" --log-level=warn --no-http >/dev/null <<'PY'
category = env.ref("complaint_management.category_complaint_quality_defect")
partner = env["res.partner"].create({"name": "Kept Customer", "email": "kept@example.com"})
ticket = env["helpdesk.ticket"].create({
    "name": "Kept after uninstall", "description": "<p>x</p>",
    "category_id": category.id, "partner_id": partner.id,
})
ticket.action_complaint_register()
env.cr.commit()
PY
tickets=$(psql -U "$DB_USER" -d "$COPY" -Atc "
    SELECT count(*) FROM helpdesk_ticket t WHERE NOT EXISTS (
        SELECT 1 FROM ir_model_data d WHERE d.model = 'helpdesk.ticket'
           AND d.res_id = t.id AND d.module LIKE 'complaint\_management%')")
echo "env['ir.module.module'].search([('name', '=', 'complaint_management')]).button_immediate_uninstall()" |
    "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" -d "$COPY" --log-level=warn --no-http >/dev/null
left=$(psql -U "$DB_USER" -d "$COPY" -Atc "SELECT count(*) FROM helpdesk_ticket")
kept=$(psql -U "$DB_USER" -d "$COPY" -Atc \
    "SELECT count(*) FROM helpdesk_ticket WHERE name = 'Kept after uninstall'")
state=$(psql -U "$DB_USER" -d "$COPY" -Atc \
    "SELECT state FROM ir_module_module WHERE name = 'complaint_management'")
dropdb -U "$DB_USER" --if-exists "$COPY"
if [ "$state" != "uninstalled" ] || [ "$left" != "$tickets" ] || [ "$kept" != 1 ]; then
    echo "check_upgrade: uninstall left $left of $tickets tickets (module $state)" >&2
    exit 1
fi
echo "   uninstall left all $tickets helpdesk tickets users made in place"
