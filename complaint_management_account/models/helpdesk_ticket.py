# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------
    # The purchase the complaint is about
    # ------------------------------------------------------------
    complaint_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id), "
        "('company_id', '=', company_id)]",
        help="The customer invoice of the purchase the complaint is about: a "
        "refund or discount is issued as a credit note against it.",
    )
    complaint_invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Invoice Line",
        index="btree_not_null",
        check_company=True,
        domain="[('move_id', '=', complaint_invoice_id), "
        "('display_type', '=', 'product')]",
        help="The invoiced product the complaint is about: the credit note "
        "takes its taxes, account and currency.",
    )
    complaint_invoice_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_complaint_amount_paid"
    )
    complaint_amount_paid = fields.Monetary(
        string="Amount Paid",
        currency_field="complaint_invoice_currency_id",
        compute="_compute_complaint_amount_paid",
        help="What the customer was invoiced for the line (taxes included), "
        "or for the whole invoice when no line is chosen.",
    )
    complaint_credit_note_count = fields.Integer(
        string="Credit Notes", compute="_compute_complaint_credit_note_count"
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "complaint_invoice_id.amount_total",
        "complaint_invoice_line_id.price_total",
    )
    def _compute_complaint_amount_paid(self):
        for ticket in self:
            # sudo: the agent reads the price of the document their own
            # complaint names, not the invoicing app
            invoice = ticket.complaint_invoice_id.sudo()
            line = ticket.complaint_invoice_line_id.sudo()
            ticket.complaint_invoice_currency_id = invoice.currency_id
            ticket.complaint_amount_paid = (
                line.price_total if line else invoice.amount_total
            )

    @api.depends("compensation_ids.move_id")
    def _compute_complaint_credit_note_count(self):
        for ticket in self:
            # sudo: counting the credit notes behind the complaint's own
            # compensations reveals nothing beyond the complaint
            ticket.complaint_credit_note_count = len(
                ticket.sudo().compensation_ids.move_id
            )

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains(
        "complaint_invoice_id",
        "complaint_invoice_line_id",
        "partner_id",
        "company_id",
    )
    def _check_complaint_invoice(self):
        for ticket in self:
            # sudo: the check reads the invoice's partner and state, whoever
            # links it
            invoice = ticket.complaint_invoice_id.sudo()
            line = ticket.complaint_invoice_line_id.sudo()
            if line and line.move_id != invoice:
                raise ValidationError(
                    self.env._(
                        "The invoice line of complaint %(complaint)s must belong "
                        "to its invoice %(invoice)s.",
                        complaint=ticket.display_name,
                        invoice=invoice.name or "",
                    )
                )
            if not invoice:
                continue
            if invoice.move_type != "out_invoice" or invoice.state != "posted":
                raise ValidationError(
                    self.env._(
                        "%(invoice)s is not a posted customer invoice: a "
                        "complaint names the invoice the customer received.",
                        invoice=invoice.display_name,
                    )
                )
            if invoice.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "%(invoice)s belongs to another company than complaint "
                        "%(complaint)s.",
                        invoice=invoice.display_name,
                        complaint=ticket.display_name,
                    )
                )
            if invoice.commercial_partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(invoice)s was issued to %(invoiced)s, not to the "
                        "customer of complaint %(complaint)s: choose one of "
                        "the customer's own invoices.",
                        invoice=invoice.display_name,
                        invoiced=invoice.commercial_partner_id.display_name,
                        complaint=ticket.display_name,
                    )
                )

    @api.onchange("complaint_invoice_id")
    def _onchange_complaint_invoice_id(self):
        for ticket in self:
            invoice = ticket.complaint_invoice_id
            if ticket.complaint_invoice_line_id.move_id != invoice:
                ticket.complaint_invoice_line_id = False
            product_lines = invoice.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )
            if not ticket.complaint_invoice_line_id and len(product_lines) == 1:
                ticket.complaint_invoice_line_id = product_lines

    @api.onchange("complaint_invoice_line_id")
    def _onchange_complaint_invoice_line_id(self):
        for ticket in self:
            product = ticket.complaint_invoice_line_id.product_id
            if product and not ticket.complaint_product_id:
                ticket.complaint_product_id = product

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_complaint_credit_notes(self):
        self.ensure_one()
        moves = self.compensation_ids.move_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"create": False, "default_move_type": "out_refund"}
        if len(moves) == 1:
            action["views"] = [(self.env.ref("account.view_move_form").id, "form")]
            action["res_id"] = moves.id
        return action

    def action_view_complaint_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.complaint_invoice_id.id,
        }
