import logging


class _ImportNoticeFilter(logging.Filter):
    """pytest-odoo imports Odoo's test framework before it reads the config
    file that puts Odoo in test mode, so Odoo logs a misleading error (with a
    stack) saying it is imported outside test mode. Drop that one record."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_ImportNoticeFilter())
