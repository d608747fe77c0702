# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_compensation_ids = fields.One2many(
        comodel_name="complaint.compensation",
        inverse_name="move_id",
        string="Complaint Compensations",
        readonly=True,
    )
    complaint_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="complaint_invoice_id",
        string="Complaints on the Invoice",
        readonly=True,
    )
    complaint_supplier_claim_ids = fields.One2many(
        comodel_name="complaint.supplier.claim",
        inverse_name="move_id",
        string="Supplier Claims",
        readonly=True,
    )
    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        groups="complaint_management.group_complaint_user",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("complaint_ticket_ids", "complaint_compensation_ids")
    def _compute_complaint_count(self):
        for move in self:
            move.complaint_count = len(move._complaint_tickets())

    def _compute_payment_state(self):
        result = super()._compute_payment_state()
        paid = self.filtered(
            lambda m: isinstance(m.id, int)
            and m.move_type == "out_refund"
            and m.payment_state in ("paid", "in_payment")
        )
        if paid:
            # sudo: the payment of the company's credit note is the fact;
            # whoever registers it records when the customer got the money
            paid.sudo().complaint_compensation_ids._complaint_mark_paid()
        return result

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("amount_total", "currency_id")
    def _check_complaint_approved_amount(self):
        # sudo: the approved amount rules whoever edits the credit note
        for move in self.sudo().filtered("complaint_compensation_ids"):
            for compensation in move.complaint_compensation_ids:
                if (
                    move.currency_id != compensation.currency_id
                    or move.currency_id.compare_amounts(
                        move.amount_total, compensation.amount
                    )
                    > 0
                ):
                    raise ValidationError(
                        self.env._(
                            "Credit note %(move)s is the compensation %(compensation)s "
                            "approved for %(amount)s: it cannot give more, nor in "
                            "another currency. Ask for a new compensation to be "
                            "approved for more.",
                            move=move.display_name,
                            compensation=compensation.display_name,
                            amount=compensation._format_amount(),
                        )
                    )

    # ------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # sudo: posting the credit note delivers the compensation it pays,
        # whether or not the accountant works on complaints
        compensations = posted.sudo().complaint_compensation_ids
        if compensations:
            compensations._complaint_on_credit_note_posted()
        return posted

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _complaint_tickets(self):
        self.ensure_one()
        return self.complaint_ticket_ids | self.complaint_compensation_ids.ticket_id

    def action_view_complaints(self):
        self.ensure_one()
        return self._complaint_tickets()._complaint_action_open()

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
