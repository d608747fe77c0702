# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.complaint_management.models.complaint_supplier_claim import (
    WORKFLOW_FIELDS,
)


class ComplaintSupplierClaim(models.Model):
    _inherit = "complaint.supplier.claim"
    _workflow_fields = WORKFLOW_FIELDS | {"move_id"}

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Credit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        tracking=True,
    )
    move_state = fields.Selection(
        related="move_id.state", string="Vendor Credit Note Status"
    )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }

    # ------------------------------------------------------------
    # Recovery hook
    # ------------------------------------------------------------

    def _complaint_recover(self):
        result = super()._complaint_recover()
        for claim in self:
            claim._complaint_create_vendor_credit_note()
        return result

    def _complaint_create_vendor_credit_note(self):
        """A vendor credit note (in_refund) to the supplier for the amount
        it agreed to pay back, draft or posted as the company's setting for
        complaint credit notes says. Called under the answer's row lock: a
        retried or concurrent answer finds the claim answered before this."""
        self.ensure_one()
        if self.move_id:
            raise UserError(
                self.env._(
                    "%(claim)s already has its vendor credit note: one claim "
                    "gives one credit note.",
                    claim=self.name,
                )
            )
        # sudo: the supplier's answer the agent records is the authority for
        # this credit note; the amount is the recovered one, checked against
        # the amount claimed. The agent needs no Invoicing rights to book it.
        claim = self.sudo()
        company = claim.company_id
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "move_type": "in_refund",
                    "partner_id": claim.partner_id.id,
                    "company_id": company.id,
                    "currency_id": claim.currency_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "ref": claim.name,
                    "invoice_origin": claim.complaint_ref or claim.ticket_id.number,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._(
                                    "Supplier claim %(claim)s, complaint "
                                    "%(complaint)s: %(product)s",
                                    claim=claim.name,
                                    complaint=claim.complaint_ref or "",
                                    product=claim.product_id.display_name,
                                ),
                                "product_id": claim.product_id.id,
                                "account_id": claim._complaint_expense_account().id,
                                "quantity": 1.0,
                                "price_unit": claim.recovered_amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        self._set_workflow_values({"move_id": move.id})
        move.message_post(
            body=self.env._(
                "Vendor credit note for supplier claim %(claim)s of complaint "
                "%(complaint)s, answer recorded by %(user)s.",
                claim=claim.name,
                complaint=claim.ticket_id.display_name,
                user=self.env.user.name,
            )
        )
        if company.complaint_post_credit_notes:
            # sudo (move is sudo): posting follows the company's setting, not
            # the agent's Invoicing rights
            move.action_post()
        return move

    def _complaint_expense_account(self):
        """The product's expense account, or the purchase journal's."""
        self.ensure_one()
        company = self.company_id
        # sudo: accounts are the accountant's configuration, read to book
        # the credit note the supplier's answer calls for
        product = self.product_id.sudo().with_company(company)
        account = product._get_product_accounts()["expense"]
        if not account:
            journal = (
                self.env["account.journal"]
                .sudo()
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(company),
                        ("type", "=", "purchase"),
                    ],
                    limit=1,
                )
            )
            account = journal.default_account_id
        return account
