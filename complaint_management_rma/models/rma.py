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

    def _complaint_return(self):
        """The accepted return and refund compensation this RMA runs."""
        self.ensure_one()
        return self.sudo().complaint_compensation_ids.filtered(
            lambda c: c.compensation_type == "return" and c.state == "accepted"
        )[:1]

    def action_refund(self):
        # rma groups the refunds of one customer in one credit note; a
        # complaint's return is refunded alone: its credit note is its
        # compensation's, at the approved amount
        returns = self.filtered(lambda r: r.can_be_refunded and r._complaint_return())
        result = super(Rma, self - returns).action_refund()
        for rma in returns:
            super(Rma, rma).action_refund()
        return result

    def _prepare_refund_vals(self, origin=False):
        values = super()._prepare_refund_vals(origin=origin)
        compensation = self._complaint_return()
        if compensation:
            values["currency_id"] = compensation.currency_id.id
            values["ref"] = compensation._complaint_credit_note_ref()
        return values

    def _action_refund_after_hook(self):
        result = super()._action_refund_after_hook()
        for rma in self:
            compensation = rma._complaint_return()
            if compensation and rma.refund_id:
                compensation._complaint_on_rma_refund(rma.refund_id)
        return result

    def action_view_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "res_id": self.complaint_ticket_id.id,
        }
