# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The vendor credit notes of supplier claims. Kept apart from account_move.py
# while both change in parallel; fold it in there when convenient.
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_supplier_claim_ids = fields.One2many(
        comodel_name="complaint.supplier.claim",
        inverse_name="move_id",
        string="Supplier Claims",
        readonly=True,
    )

    @api.constrains("amount_total", "currency_id")
    def _check_complaint_recovered_amount(self):
        # sudo: the recovered amount rules whoever edits the credit note
        for move in self.sudo().filtered("complaint_supplier_claim_ids"):
            for claim in move.complaint_supplier_claim_ids:
                if (
                    move.currency_id != claim.currency_id
                    or move.currency_id.compare_amounts(
                        move.amount_total, claim.recovered_amount
                    )
                    > 0
                ):
                    raise ValidationError(
                        self.env._(
                            "Vendor credit note %(move)s books supplier claim "
                            "%(claim)s, recovered for %(amount)s: it cannot "
                            "credit more, nor in another currency.",
                            move=move.display_name,
                            claim=claim.name,
                            amount=claim._format_amount(claim.recovered_amount),
                        )
                    )
