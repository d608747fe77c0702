# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class ComplaintTicketController(HelpdeskTicketController):
    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        remedy = (kw.get("complaint_remedy_sought") or "").strip()
        if remedy:
            vals["complaint_remedy_sought"] = remedy
        return vals

    @http.route()
    def submit_ticket(self, **kw):
        # A complaint filed in the portal is registered and acknowledged at once.
        request.update_context(complaint_auto_register=True)
        return super().submit_ticket(**kw)
