# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # here, not in message_post: a composer, a mass mailing or a module
        # creating the message itself answers the customer as well
        self.env["helpdesk.ticket"]._complaint_stamp_first_response(messages)
        return messages
