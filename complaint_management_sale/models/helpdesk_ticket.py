# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('state', '=', 'sale'), "
        "('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('company_id', '=', company_id)]",
        help="The customer's confirmed order the complaint is about.",
    )
    complaint_sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        index="btree_not_null",
        check_company=True,
        domain="[('order_id', '=', complaint_sale_order_id), "
        "('display_type', '=', False)]",
        help="The ordered product the complaint is about: it fills the product "
        "concerned and proposes the invoice line it was invoiced on.",
    )
    complaint_sale_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_complaint_sale_facts"
    )
    complaint_sale_qty = fields.Float(
        string="Quantity Ordered",
        digits="Product Unit of Measure",
        compute="_compute_complaint_sale_facts",
    )
    complaint_sale_price_paid = fields.Monetary(
        string="Price Paid",
        currency_field="complaint_sale_currency_id",
        compute="_compute_complaint_sale_facts",
        help="The order line's total, taxes included.",
    )
    # the penalty a late remedy costs is a share of the price of the goods
    # (or service) bought: the order line's, when the complaint names one
    complaint_penalty_price = fields.Monetary(
        compute="_compute_complaint_penalty_price",
        store=True,
        readonly=False,
        help="The price of the goods or service the penalty is a share of: "
        "the linked order line's total, taxes included, in the company's "
        "currency; entered by hand when no order line is linked.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "complaint_sale_line_id.product_uom_qty",
        "complaint_sale_line_id.price_total",
        "complaint_sale_order_id.amount_total",
    )
    def _compute_complaint_sale_facts(self):
        for ticket in self:
            # sudo: the agent reads the order their own complaint names, not
            # the sales app
            order = ticket.complaint_sale_order_id.sudo()
            line = ticket.complaint_sale_line_id.sudo()
            ticket.complaint_sale_currency_id = order.currency_id
            ticket.complaint_sale_qty = line.product_uom_qty
            ticket.complaint_sale_price_paid = (
                line.price_total if line else order.amount_total
            )

    @api.depends("complaint_sale_line_id.price_total")
    def _compute_complaint_penalty_price(self):
        """The price the customer paid for the order line: what the law
        calls the price of the goods (RU ZoZPP art. 23(1)) or of the service
        (art. 28(5)). Without a line the price stays as entered."""
        for ticket in self.filtered("complaint_sale_line_id"):
            # sudo: the agent reads the order line their own complaint names
            line = ticket.complaint_sale_line_id.sudo()
            order = line.order_id
            company = ticket.company_id or order.company_id
            ticket.complaint_penalty_price = order.currency_id._convert(
                line.price_total,
                company.currency_id,
                company,
                order.date_order or fields.Date.context_today(ticket),
            )

    # ------------------------------------------------------------
    # Constraints, onchanges and CRUD
    # ------------------------------------------------------------

    @api.constrains(
        "complaint_sale_order_id", "complaint_sale_line_id", "partner_id", "company_id"
    )
    def _check_complaint_sale_order(self):
        for ticket in self:
            # sudo: the check reads the order's customer and state, whoever
            # links it
            order = ticket.complaint_sale_order_id.sudo()
            line = ticket.complaint_sale_line_id.sudo()
            if line and line.order_id != order:
                raise ValidationError(
                    self.env._(
                        "The order line of complaint %(complaint)s must belong "
                        "to its order %(order)s.",
                        complaint=ticket.display_name,
                        order=order.name or "",
                    )
                )
            if not order:
                continue
            if order.state != "sale":
                raise ValidationError(
                    self.env._(
                        "%(order)s is not a confirmed order: a complaint names "
                        "what the customer bought.",
                        order=order.name,
                    )
                )
            if order.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "%(order)s belongs to another company than complaint "
                        "%(complaint)s.",
                        order=order.name,
                        complaint=ticket.display_name,
                    )
                )
            if order.partner_id.commercial_partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(order)s was placed by %(customer)s, not by the "
                        "customer of complaint %(complaint)s: choose one of the "
                        "customer's own orders.",
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        complaint=ticket.display_name,
                    )
                )

    @api.onchange("complaint_sale_order_id")
    def _onchange_complaint_sale_order_id(self):
        for ticket in self:
            order = ticket.complaint_sale_order_id
            if ticket.complaint_sale_line_id.order_id != order:
                ticket.complaint_sale_line_id = False
            lines = order.order_line.filtered(lambda line: not line.display_type)
            if not ticket.complaint_sale_line_id and len(lines) == 1:
                ticket.complaint_sale_line_id = lines

    @api.onchange("complaint_sale_line_id")
    def _onchange_complaint_sale_line_id(self):
        for ticket in self:
            for fname, value in ticket._complaint_sale_line_values(
                ticket.complaint_sale_line_id
            ).items():
                ticket[fname] = value

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._complaint_complete_from_sale_line(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("complaint_sale_line_id"):
            vals = dict(vals)
            self._complaint_complete_from_sale_line(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    @api.model
    def _complaint_complete_from_sale_line(self, vals):
        """Fill what the order line tells and the caller did not give."""
        line = self.env["sale.order.line"].browse(vals.get("complaint_sale_line_id"))
        if not line:
            return
        line_values = self._complaint_sale_line_values(line)
        for fname, value in line_values.items():
            if fname not in vals and value:
                vals[fname] = value.id
        vals.setdefault("complaint_sale_order_id", line.order_id.id)

    @api.model
    def _complaint_sale_line_values(self, line):
        """The product of the order line, and the invoice line it was
        invoiced on (the latest posted one)."""
        # sudo: proposing the invoice of the complaint's own order line
        line = line.sudo()
        invoice_lines = line.invoice_lines.filtered(
            lambda il: il.move_id.move_type == "out_invoice"
            and il.move_id.state == "posted"
        ).sorted(lambda il: (il.move_id.invoice_date or il.date, il.id))
        invoice_line = invoice_lines[-1:]
        values = {}
        if line.product_id:
            values["complaint_product_id"] = line.product_id
        if invoice_line:
            values["complaint_invoice_id"] = invoice_line.move_id
            values["complaint_invoice_line_id"] = invoice_line
        return values

    def action_view_complaint_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "view_mode": "form",
            "res_id": self.complaint_sale_order_id.id,
        }
