# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="complaint_sale_order_id",
        string="Complaints on the Order",
        readonly=True,
    )
    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        groups="complaint_management.group_complaint_user",
    )

    @api.depends("complaint_ticket_ids")
    def _compute_complaint_count(self):
        for order in self:
            order.complaint_count = len(order.complaint_ticket_ids)

    def action_view_complaints(self):
        self.ensure_one()
        tickets = self.complaint_ticket_ids
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("id", "in", tickets.ids)]
        action["context"] = {"create": False}
        if len(tickets) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = tickets.id
        return action
