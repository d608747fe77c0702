# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.7.1.0: the complaints answered before the first response was stamped
get their stamp from their messages, which the returns' median reads."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger("odoo.addons.complaint_management.migrations")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = env["helpdesk.ticket"]._complaint_backfill_first_response()
    _logger.info("complaint_management: first response stamped on %s complaints", count)
