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
        return self.complaint_ticket_ids._complaint_action_open()
