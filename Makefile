# complaint_management: the two commands a newcomer needs.
#   make run   set everything up and serve Odoo with the addon and demo data
#   make test  fresh test database, the whole test suite, and lint
ODOO_SRC ?= /opt/odoo/18.0
export ODOO_SRC

.PHONY: run test setup lint clean

setup:
	@bash scripts/setup.sh

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint:
	@bash scripts/lint.sh

clean:
	rm -rf .venv .odoo-*.conf .odoo-data
