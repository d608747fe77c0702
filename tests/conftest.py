import logging
import os
import shutil
from unittest import mock

import pytest

import odoo


class _ImportNoticeFilter(logging.Filter):
    """pytest-odoo imports Odoo's test framework before it reads the config
    file that puts Odoo in test mode, so Odoo logs a misleading error (with a
    stack) saying it is imported outside test mode. Drop that one record."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_ImportNoticeFilter())


@pytest.fixture(scope="session", autouse=True)
def own_filestore_per_worker(load_registry):
    """pytest-odoo gives each pytest-xdist worker its own copy of the
    database but points every copy at the original's filestore. Two workers
    then remove each other's files: a file is named by its content, and a
    worker that deletes its attachment (and collects the garbage) deletes the
    file the other worker's identical attachment still needs. Give each
    worker a copy of the filestore too."""
    worker = os.getenv("PYTEST_XDIST_WORKER")
    if not worker:
        yield
        return
    root = os.path.join(odoo.tools.config["data_dir"], "filestore")
    worker_db = odoo.tools.config["db_name"]
    original_db = worker_db.removesuffix(f"-{worker}")
    own = os.path.join(root, worker_db)
    shutil.rmtree(own, ignore_errors=True)
    if os.path.isdir(os.path.join(root, original_db)):
        shutil.copytree(os.path.join(root, original_db), own, symlinks=True)
    with mock.patch.object(
        odoo.tools.config,
        "filestore",
        lambda dbname: os.path.join(root, dbname),
    ):
        yield
    shutil.rmtree(own, ignore_errors=True)
