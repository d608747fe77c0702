# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent_response_letter(self):
        candidates = self.filtered(
            lambda a: a.res_model == "helpdesk.ticket" and a.res_id
        )
        if not candidates:
            return
        # sudo: the check must see the tickets whatever the deleting user's rights
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .browse(set(candidates.mapped("res_id")))
            # an anonymised complaint's letter goes with its personal data
            .filtered(
                lambda t: t.complaint_response_sent_date
                and not t.complaint_anonymised_date
            )
        )
        letters = self.browse()
        for ticket in tickets:
            letters |= ticket._get_complaint_response_letter()
        if letters & self:
            raise UserError(
                self.env._(
                    "A response letter sent to a customer is kept in the "
                    "complaint journal and cannot be deleted. Send any correction "
                    "to the customer in a new message."
                )
            )
