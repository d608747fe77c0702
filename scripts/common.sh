# Shared settings and checks for the project's scripts (sourced, not run).
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
VENV=${VENV:-$PWD/.venv}
PY=$VENV/bin/python
PGHOST=${PGHOST:-}
DB_USER=${DB_USER:-$(id -un)}
export PIP_CONSTRAINT=$PWD/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK=1

die() {
    printf '\nERROR: %s\n\n' "$*" >&2
    exit 1
}

require_odoo() {
    [ -f "$ODOO_SRC/odoo-bin" ] && [ -f "$ODOO_SRC/requirements.txt" ] || die \
"No Odoo 18.0 Community tree at ODOO_SRC=$ODOO_SRC (odoo-bin and requirements.txt are missing).
Lay out Odoo 18.0 there (its odoo/, odoo-bin, requirements.txt, setup.py, setup.cfg, setup/)
or point ODOO_SRC at an existing checkout: ODOO_SRC=/path/to/odoo make ..."
    grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" || die "$ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py)."
}

pg_ready() {
    psql -U "$DB_USER" -d postgres -Atc "select 1" >/dev/null 2>&1
}

ensure_postgres() {
    if pg_ready; then return; fi
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "PostgreSQL is not installed: installing Debian's postgresql..."
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        else
            die "PostgreSQL is not installed. Install it (Debian: apt-get install postgresql) and start it."
        fi
    fi
    if ! psql -U postgres -d postgres -Atc "select 1" >/dev/null 2>&1; then
        version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
        [ -n "$version" ] || die "PostgreSQL has no cluster in /etc/postgresql; create one (pg_createcluster) and start it."
        echo "Starting PostgreSQL $version..."
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null ||
            su postgres -c "pg_ctlcluster $version main start" ||
            die "PostgreSQL $version could not be started: see /var/log/postgresql/."
        sleep 2
    fi
    if ! pg_ready; then
        psql -U postgres -d postgres -c "CREATE ROLE \"$DB_USER\" SUPERUSER LOGIN" >/dev/null 2>&1 ||
            su postgres -c "psql -c 'CREATE ROLE \"$DB_USER\" SUPERUSER LOGIN'" >/dev/null 2>&1 || true
    fi
    pg_ready || die "PostgreSQL is running but role '$DB_USER' cannot connect (trust or peer authentication is expected on the local socket)."
}

ensure_system_packages() {
    local missing=()
    for pkg in libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf poppler-utils fonts-lato chromium; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: ${missing[*]}..."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "Missing system packages: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]})."
    fi
}

ensure_venv() {
    local stamp=$VENV/.complaint_management.stamp
    local want
    want=$(cat "$ODOO_SRC/requirements.txt" requirements-dev.txt requirements-test.txt constraints.txt | sha1sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
    echo "Setting up the virtualenv in $VENV (a few minutes the first time)..."
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install -q "pip<25" wheel
    "$PY" -m pip install -q -r "$ODOO_SRC/requirements.txt"
    "$PY" -m pip install -q -r requirements-test.txt
    "$PY" -m pip install -q --no-deps -r requirements-dev.txt
    echo "$want" > "$stamp"
}

project_addons() {
    # the core and every bridge addon at the repository's top level,
    # comma-separated (what -i and -u are given)
    local addons=complaint_management dir
    for dir in complaint_management_*/; do
        [ -f "$dir/__manifest__.py" ] && addons="$addons,${dir%/}"
    done
    echo "$addons"
}

write_odoo_conf() {
    # $1: config path, $2: database name
    cat > "$1" <<CONF
[options]
db_user = $DB_USER
db_host = ${PGHOST:-False}
admin_passwd = admin
addons_path = $ODOO_SRC/odoo/addons,$PWD
db_name = $2
dbfilter = ^$2\$
list_db = False
log_level = info
without_demo = False
CONF
}

prepare_demo_db() {
    # $1: config path, $2: database name. Create the database with the addons
    # and their demo data once; later runs update them and install the bridges
    # added since.
    local installed addon args=()
    installed=$(psql -U "$DB_USER" -d "$2" -Atc \
        "select name from ir_module_module where state = 'installed'
            and name like 'complaint\_management%'" 2>/dev/null || true)
    if ! grep -qx complaint_management <<<"$installed"; then
        echo "Creating the demo database '$2' with $(project_addons) and demo data..."
        dropdb -U "$DB_USER" --if-exists "$2"
        args=(-i "$(project_addons)")
    else
        echo "Updating $(project_addons) in '$2'..."
        args=(-u "$(project_addons)")
        local missing=""
        for addon in $(project_addons | tr , ' '); do
            grep -qx "$addon" <<<"$installed" || missing="${missing:+$missing,}$addon"
        done
        # one -i for them all: Odoo keeps only the last -i it is given
        [ -z "$missing" ] || args+=(-i "$missing")
    fi
    "$PY" "$ODOO_SRC/odoo-bin" -c "$1" -d "$2" "${args[@]}" \
        --stop-after-init --log-level=warn \
        --log-handler=odoo.addons.base.models.ir_actions_report:ERROR
}
