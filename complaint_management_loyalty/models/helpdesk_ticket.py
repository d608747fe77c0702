# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_loyalty_card_count = fields.Integer(
        string="Cards", compute="_compute_complaint_loyalty_card_count"
    )

    @api.depends("compensation_ids.loyalty_card_id")
    def _compute_complaint_loyalty_card_count(self):
        for ticket in self:
            ticket.complaint_loyalty_card_count = len(
                ticket.compensation_ids.loyalty_card_id
            )

    def action_view_complaint_loyalty_cards(self):
        self.ensure_one()
        return self.compensation_ids.loyalty_card_id._complaint_action_open()
