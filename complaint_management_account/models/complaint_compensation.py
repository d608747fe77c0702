# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.complaint_management.models.complaint_compensation import (
    GRANTED_STATES,
    WORKFLOW_FIELDS,
)

# Compensation types this bridge delivers as a customer credit note.
CREDIT_NOTE_TYPES = ("refund", "discount")


class ComplaintCompensation(models.Model):
    _inherit = "complaint.compensation"
    _workflow_fields = WORKFLOW_FIELDS | {"move_id", "invoice_line_id"}

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Credit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        tracking=True,
    )
    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Credited Invoice Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    account_id = fields.Many2one(
        comodel_name="account.account",
        string="Income Account",
        compute="_compute_account_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Where the credit note of a refund or discount is booked when "
        "the complaint names no invoice: the income account of the product "
        "concerned, or of the sales journal, unless you choose another.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        compute="_compute_product_id",
        store=True,
        help="The product credited: the credited invoice line's, else the "
        "product the complaint is about.",
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id",
        store=True,
        string="Product Category",
    )
    move_state = fields.Selection(
        related="move_id.state", store=True, string="Credit Note Status"
    )
    move_payment_state = fields.Selection(
        related="move_id.payment_state", string="Credit Note Payment"
    )
    move_reversed = fields.Boolean(
        string="Credit Note Reversed",
        compute="_compute_move_reversed",
        store=True,
        help="A posted entry reverses the credit note: it no longer grants "
        "anything.",
    )
    credit_note_amount = fields.Monetary(
        related="move_id.amount_total",
        store=True,
        currency_field="currency_id",
        string="Credited by Credit Note",
        help="The total of the credit note, taxes included.",
    )
    credit_note_untaxed = fields.Monetary(
        related="move_id.amount_untaxed",
        store=True,
        currency_field="currency_id",
        string="Credited, Taxes Excluded",
        help="What the credit note costs the company: its total without the "
        "taxes it gives back.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("compensation_type", "ticket_id.complaint_product_id", "company_id")
    def _compute_account_id(self):
        for compensation in self:
            if compensation.account_id or (
                compensation.compensation_type not in CREDIT_NOTE_TYPES
            ):
                continue
            compensation.account_id = compensation._complaint_default_account()

    @api.depends("invoice_line_id.product_id", "ticket_id.complaint_product_id")
    def _compute_product_id(self):
        for compensation in self:
            # sudo: the product of the line this compensation credits
            compensation.product_id = (
                compensation.sudo().invoice_line_id.product_id
                or compensation.ticket_id.complaint_product_id
            )

    @api.depends("move_id.reversal_move_ids.state")
    def _compute_move_reversed(self):
        for compensation in self:
            # sudo: whether the company reversed the credit note is a fact
            # of the compensation, whoever reads it
            reversals = compensation.sudo().move_id.reversal_move_ids
            compensation.move_reversed = any(r.state == "posted" for r in reversals)

    @api.depends("move_id", "move_state", "move_reversed", "credit_note_amount")
    def _compute_granted_amount(self):
        return super()._compute_granted_amount()

    def _complaint_default_account(self):
        # sudo: proposing the income account needs no Invoicing rights; the
        # agent may choose another of the company's income accounts
        company = self.company_id or self.env.company
        product = self.ticket_id.complaint_product_id.sudo().with_company(company)
        account = product and product._get_product_accounts()["income"]
        if not account:
            journal = (
                self.env["account.journal"]
                .sudo()
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(company),
                        ("type", "=", "sale"),
                    ],
                    limit=1,
                )
            )
            account = journal.default_account_id
        return account

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_offer(self):
        # what cannot become a credit note is not offered: the customer
        # would accept a remedy the company cannot issue
        for compensation in self:
            compensation._complaint_check_credit_note_possible()
        return super().action_offer()

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }

    # ------------------------------------------------------------
    # Remedy hooks
    # ------------------------------------------------------------

    def _complaint_fulfil(self):
        result = super()._complaint_fulfil()
        self._complaint_make_documents(
            "credit_note", lambda c: c._complaint_create_credit_note()
        )
        return result

    def _complaint_remedy_document(self):
        # another bridge's explicit choice (a coupon programme) claims first
        claimed = super()._complaint_remedy_document()
        if claimed or self.compensation_type not in CREDIT_NOTE_TYPES:
            return claimed
        return "credit_note"

    def _complaint_granted_value(self):
        if not (self.move_id or self._complaint_by_credit_note()):
            return super()._complaint_granted_value()
        # the credit note is the fact: what it credits once posted, nothing
        # while it is a draft, nothing once a posted reversal undoes it
        if (
            self.state in GRANTED_STATES
            and self.move_state == "posted"
            and not self.move_reversed
        ):
            return self.credit_note_amount
        return 0.0

    def _complaint_by_credit_note(self):
        return self._complaint_remedied_by("credit_note")

    def _get_cancellable_states(self):
        states = super()._get_cancellable_states()
        if not self._complaint_by_credit_note():
            return states
        # accepted: its credit note is a draft, or not made; delivered: its
        # credit note is posted, and _complaint_before_cancel lets it go only
        # once a posted reversal undoes it
        extra = ("accepted", "done") if self.move_id else ("accepted",)
        return (*states, *(state for state in extra if state not in states))

    def _complaint_before_cancel(self):
        # sudo: the credit notes were made by the acceptance on the company's
        # behalf; the agent cancelling the compensation need not be an
        # accountant to see their state or remove one never posted
        moves = self.sudo().move_id
        posted = moves.filtered(
            lambda m: m.state == "posted"
            and not m.reversal_move_ids.filtered(lambda r: r.state == "posted")
        )
        if posted:
            raise UserError(
                self.env._(
                    "Credit note %(moves)s is posted: reverse the credit note "
                    "first, then cancel the compensation.",
                    moves=", ".join(posted.mapped("name")),
                )
            )
        drafts = moves.filtered(lambda m: m.state == "draft")
        if drafts:
            self.filtered(lambda c: c.move_id in drafts)._set_workflow_values(
                {"move_id": False, "invoice_line_id": False}
            )
            drafts.unlink()
        return super()._complaint_before_cancel()

    # ------------------------------------------------------------
    # Credit notes
    # ------------------------------------------------------------

    def _complaint_check_credit_note_possible(self):
        """Raise why this compensation cannot become a credit note, if it
        is a type that does."""
        self.ensure_one()
        if not self._complaint_by_credit_note():
            return
        # sudo: the check reads the invoice the complaint names, whoever
        # acts (the agent offering, the customer accepting in the portal)
        ticket = self.ticket_id.sudo()
        ticket._check_complaint_invoice()
        invoice = ticket.complaint_invoice_id
        line = ticket.complaint_invoice_line_id
        if invoice and not line:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s names invoice %(invoice)s: choose "
                    "the invoice line it is about, so the credit note reverses "
                    "that line.",
                    complaint=ticket.display_name,
                    invoice=invoice.name,
                )
            )
        if not line:
            if not self.account_id:
                raise UserError(
                    self.env._(
                        "%(compensation)s names no invoice: choose the income "
                        "account its credit note is booked on.",
                        compensation=self.display_name,
                    )
                )
            return
        if line.currency_id != self.currency_id:
            raise UserError(
                self.env._(
                    "%(compensation)s is in %(currency)s but invoice %(invoice)s "
                    "is in %(invoice_currency)s: set the compensation in the "
                    "invoice's currency.",
                    compensation=self.display_name,
                    currency=self.currency_id.name,
                    invoice=invoice.name,
                    invoice_currency=line.currency_id.name,
                )
            )
        available = line.price_total - self._complaint_credited_on(line)
        if self.currency_id.compare_amounts(self.amount, available) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than what is left to credit on the "
                    "invoice line %(line)s of %(invoice)s (%(available)s): a "
                    "credit note cannot give back more than was invoiced.",
                    amount=self._format_amount(),
                    line=line.name or line.product_id.display_name,
                    invoice=invoice.name,
                    available=self._format_amount(available),
                )
            )

    def _complaint_credited_on(self, line):
        """What other compensations' credit notes already give back on
        ``line``."""
        others = (
            self.sudo()
            .search(
                [
                    ("invoice_line_id", "=", line.id),
                    ("id", "!=", self.id),
                    ("move_id.state", "!=", "cancel"),
                ]
            )
            .move_id
        )
        return sum(others.mapped("amount_total"))

    def _complaint_create_credit_note(self):
        self.ensure_one()
        # a retried job, a double click or a second cursor waits here for
        # the first, then finds its credit note
        self._lock_for_decision()
        if self.move_id:
            raise UserError(
                self.env._(
                    "%(compensation)s already has its credit note %(move)s: "
                    "one compensation gives one credit note.",
                    compensation=self.display_name,
                    move=self.sudo().move_id.display_name,
                )
            )
        self._complaint_check_credit_note_possible()
        # sudo: the approval of the compensation within a covering limit is
        # the authority for this credit note; the agent or the customer
        # accepting it need no Invoicing rights. The amount is the approved
        # one and checked against the invoice line above.
        self_sudo = self.sudo()
        line = self_sudo.ticket_id.complaint_invoice_line_id
        if line:
            move = self_sudo._complaint_reverse_invoice_line(line)
        else:
            move = self_sudo._complaint_create_free_credit_note()
        self._set_workflow_values({"move_id": move.id, "invoice_line_id": line.id})
        move.message_post(
            body=self.env._(
                "Credit note for compensation %(compensation)s of complaint "
                "%(complaint)s, approved by %(approver)s.",
                compensation=self.display_name,
                complaint=self_sudo.ticket_id.display_name,
                approver=self_sudo.approver_id.name or "",
            )
        )
        if self_sudo.company_id.complaint_post_credit_notes:
            move.action_post()
        return move

    def _complaint_credit_note_ref(self):
        ticket = self.ticket_id
        return self.env._(
            "Complaint %(complaint)s: %(compensation)s",
            complaint=ticket.complaint_ref or ticket.number or "",
            compensation=self.display_name,
        )

    def _complaint_reverse_invoice_line(self, line):
        """The invoice reversed through Odoo's own reversal (what the
        *Credit Note* wizard does), with one line: the complained product,
        for the compensated amount."""
        invoice = line.move_id
        today = fields.Date.context_today(self)
        full = self.currency_id.compare_amounts(self.amount, line.price_total) == 0
        price_unit = line.price_unit if full else self._complaint_price_guess(line)
        line_vals = {
            "display_type": "product",
            "name": line.name,
            "product_id": line.product_id.id,
            "product_uom_id": line.product_uom_id.id,
            "quantity": line.quantity if full else 1.0,
            "price_unit": price_unit,
            "discount": line.discount if full else 0.0,
            "tax_ids": [Command.set(line.tax_ids.ids)],
            "account_id": line.account_id.id,
            "analytic_distribution": line.analytic_distribution,
        }
        default_values = {
            "ref": self.env._(
                "Reversal of: %(move_name)s, %(reason)s",
                move_name=invoice.name,
                reason=self._complaint_credit_note_ref(),
            ),
            "date": today,
            "invoice_date": today,
            "invoice_date_due": today,
            "journal_id": invoice.journal_id.id,
            "invoice_user_id": invoice.invoice_user_id.id,
            "invoice_payment_term_id": False,
            "auto_post": "no",
            "line_ids": [Command.create(line_vals)],
        }
        move = invoice._reverse_moves([default_values])
        if not full:
            self._complaint_fit_price(move)
        return move

    def _complaint_price_guess(self, line):
        """The unit price of one unit whose total with the line's taxes is
        the compensated amount: the line's own ratio of price to total."""
        base = line.price_unit * line.quantity * (1 - (line.discount or 0.0) / 100)
        if not line.price_total:
            return 0.0
        return base * self.amount / line.price_total

    def _complaint_fit_price(self, move):
        """Move the unit price by the smallest steps to the highest total
        not above the compensated amount; when the rounding of taxes leaves
        no price that gives it exactly, put the last cent on the tax, as an
        accountant does in the invoice's totals."""
        currency = self.currency_id
        product_line = move.invoice_line_ids[:1]
        step = 10 ** -self.env["decimal.precision"].precision_get("Product Price")
        for _attempt in range(6):
            if currency.compare_amounts(move.amount_total, self.amount) <= 0:
                break
            product_line.price_unit -= step
        for _attempt in range(6):
            if currency.compare_amounts(move.amount_total, self.amount) >= 0:
                break
            product_line.price_unit += step
            if currency.compare_amounts(move.amount_total, self.amount) > 0:
                product_line.price_unit -= step
                break
        missing = currency.round(self.amount - move.amount_total)
        totals = move.tax_totals
        groups = [
            group
            for subtotal in (totals or {}).get("subtotals", [])
            for group in subtotal["tax_groups"]
        ]
        if not currency.is_zero(missing) and groups:
            groups[0]["tax_amount_currency"] += missing
            move.tax_totals = totals

    def _complaint_create_free_credit_note(self):
        """A credit note on the chosen income account, without taxes, when
        the complaint names no invoice."""
        ticket = self.ticket_id
        today = fields.Date.context_today(self)
        return (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": ticket.commercial_partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_date": today,
                    "ref": self._complaint_credit_note_ref(),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.description
                                or self._complaint_credit_note_ref(),
                                "account_id": self.account_id.id,
                                "quantity": 1.0,
                                "price_unit": self.amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _complaint_on_credit_note_posted(self):
        """The credit note is posted: the compensation is delivered, and the
        customer told which credit note it is."""
        delivered = self._complaint_mark_delivered()
        template = self.env.ref(
            "complaint_management_account.mail_template_complaint_credit_note"
        )
        for compensation in delivered:
            compensation._complaint_mail_customer(template)
        return delivered

    @api.model
    def _complaint_credit_note_types(self):
        return CREDIT_NOTE_TYPES
