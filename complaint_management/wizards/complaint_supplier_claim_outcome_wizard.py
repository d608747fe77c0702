# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ComplaintSupplierClaimOutcomeWizard(models.TransientModel):
    _name = "complaint.supplier.claim.outcome.wizard"
    _description = "Record a Supplier's Answer to a Claim"

    claim_id = fields.Many2one(
        comodel_name="complaint.supplier.claim", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="claim_id.currency_id")
    amount = fields.Monetary(related="claim_id.amount", currency_field="currency_id")
    outcome = fields.Selection(
        selection=[
            ("accepted", "Accepted: pays back the whole amount"),
            ("partial", "Partly accepted: pays back part of it"),
            ("refused", "Refused: pays nothing"),
        ],
        string="Supplier's Answer",
        required=True,
        default="accepted",
    )
    recovered_amount = fields.Monetary(currency_field="currency_id")
    note = fields.Text(
        string="What the Supplier Answered",
        help="Needed when the supplier refused or pays back less than claimed.",
    )

    def action_record(self):
        self.ensure_one()
        claim = self.claim_id
        if self.outcome == "accepted":
            claim.action_accept(self.note)
        elif self.outcome == "partial":
            claim.action_partly_accept(self.recovered_amount, self.note)
        else:
            claim.action_refuse(self.note)
        return {"type": "ir.actions.act_window_close"}
