# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class Rma(models.Model):
    _inherit = "rma"

    complaint_compensation_ids = fields.One2many(
        comodel_name="complaint.compensation",
        inverse_name="rma_id",
        string="Complaint Compensations",
        readonly=True,
    )
    complaint_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        compute="_compute_complaint_ticket_id",
    )

    def _compute_complaint_ticket_id(self):
        for rma in self:
            rma.complaint_ticket_id = rma.complaint_compensation_ids.ticket_id[:1]

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            # sudo: the RMA's progress (a receipt or a delivery validated by a
            # stock user) delivers the compensation it runs, whether or not
            # that user works on complaints
            compensations = self.sudo().complaint_compensation_ids
            if compensations:
                compensations._complaint_on_rma_state()
        return result

    def action_view_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "res_id": self.complaint_ticket_id.id,
        }
