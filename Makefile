# complaint_management: the two commands a newcomer needs.
#   make run   set everything up and serve Odoo with the addon and demo data
#   make test  fresh test database, the whole test suite, and lint
#   make bench what a complaint costs against a plain ticket (not part of test)
#   make bench-cluster  two HTTP and two cron servers on one database, under load
ODOO_SRC ?= /opt/odoo/18.0
export ODOO_SRC

.PHONY: run test bench bench-cluster setup lint clean screenshots

setup:
	@bash scripts/setup.sh

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

bench:
	@bash scripts/bench.sh $(BENCH_ARGS)

bench-cluster:
	@bash scripts/bench_cluster.sh $(BENCH_ARGS)

lint:
	@bash scripts/lint.sh

screenshots:
	@bash scripts/screenshots.sh

clean:
	rm -rf .venv .odoo-*.conf .odoo-data .odoo-cluster-data
