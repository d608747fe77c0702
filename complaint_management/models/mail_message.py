# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # here, not in message_post: a composer, a mass mailing or a module
        # creating the message itself answers the customer as well
        on_tickets = messages.filtered(
            lambda m: m.model == "helpdesk.ticket" and m.res_id
        )
        if on_tickets:
            self.env["helpdesk.ticket"].sudo().browse(
                set(on_tickets.mapped("res_id"))
            )._complaint_stamp_first_response(on_tickets)
        return messages
