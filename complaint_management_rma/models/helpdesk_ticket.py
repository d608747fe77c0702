# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    complaint_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('id', 'in', complaint_delivered_lot_ids)]",
        help="The lot or serial number of the goods the complaint is about, "
        "among those delivered to the customer.",
    )
    complaint_delivered_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Lots Delivered to the Customer",
        compute="_compute_complaint_delivered_lot_ids",
    )
    complaint_delivery_date = fields.Date(
        string="Delivered On",
        compute="_compute_complaint_warranty",
        help="When the goods reached the customer: the done delivery of the "
        "lot or serial, or else of the sale order's product.",
    )
    complaint_warranty_end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_complaint_warranty",
        help="The delivery date plus the warranty months of the product's " "category.",
    )
    complaint_out_of_warranty = fields.Boolean(
        string="Out of Warranty",
        compute="_compute_complaint_warranty",
        help="The warranty had ended when the complaint was received.",
    )
    complaint_rma_ids = fields.Many2many(
        comodel_name="rma",
        string="Returns",
        compute="_compute_complaint_rma_ids",
    )
    complaint_rma_count = fields.Integer(
        string="Returns Count", compute="_compute_complaint_rma_ids"
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "commercial_partner_id",
        "complaint_product_id",
        "complaint_sale_order_id",
        "company_id",
    )
    def _compute_complaint_delivered_lot_ids(self):
        for ticket in self:
            if not ticket.commercial_partner_id:
                ticket.complaint_delivered_lot_ids = False
                continue
            lines = ticket._complaint_delivered_move_lines()
            ticket.complaint_delivered_lot_ids = lines.lot_id

    @api.depends(
        "complaint_lot_id",
        "complaint_product_id.categ_id.complaint_warranty_months",
        "complaint_sale_order_id",
        "complaint_received_date",
    )
    def _compute_complaint_warranty(self):
        for ticket in self:
            delivered = ticket._complaint_delivery_datetime()
            delivery_date = (
                fields.Datetime.context_timestamp(ticket, delivered).date()
                if delivered
                else False
            )
            product = ticket.complaint_lot_id.product_id or ticket.complaint_product_id
            months = product.categ_id.complaint_warranty_months
            end = (
                delivery_date
                and months
                and delivery_date + relativedelta(months=months)
            )
            received = ticket.complaint_received_date or ticket.create_date
            received_date = (
                fields.Datetime.context_timestamp(ticket, received).date()
                if received
                else fields.Date.context_today(ticket)
            )
            ticket.complaint_delivery_date = delivery_date
            ticket.complaint_warranty_end_date = end or False
            ticket.complaint_out_of_warranty = bool(end and end < received_date)

    @api.depends("compensation_ids.rma_id")
    def _compute_complaint_rma_ids(self):
        for ticket in self:
            rmas = ticket.compensation_ids.rma_id
            ticket.complaint_rma_ids = rmas
            ticket.complaint_rma_count = len(rmas)

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains(
        "complaint_lot_id",
        "partner_id",
        "complaint_product_id",
        "complaint_sale_order_id",
        "company_id",
    )
    def _check_complaint_lot(self):
        for ticket in self:
            # sudo: the check reads the lot's deliveries, whoever names it
            lot = ticket.complaint_lot_id.sudo()
            if not lot:
                continue
            if lot.company_id and lot.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s belongs to %(company)s, not to the company of "
                        "complaint %(complaint)s.",
                        lot=lot.name,
                        company=lot.company_id.name,
                        complaint=ticket.display_name,
                    )
                )
            product = ticket.complaint_product_id
            if product and lot.product_id != product:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s is of %(lot_product)s, not of the product "
                        "concerned %(product)s.",
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=product.display_name,
                    )
                )
            if not ticket._complaint_delivered_move_lines(lot):
                order = ticket.complaint_sale_order_id
                if order:
                    message = self.env._(
                        "Lot %(lot)s was not delivered to %(customer)s with order "
                        "%(order)s: choose a lot or serial number of that order's "
                        "deliveries.",
                        lot=lot.name,
                        customer=ticket.commercial_partner_id.display_name,
                        order=order.name,
                    )
                else:
                    message = self.env._(
                        "Lot %(lot)s was not delivered to %(customer)s: choose a "
                        "lot or serial number of the customer's own deliveries.",
                        lot=lot.name,
                        customer=ticket.commercial_partner_id.display_name or "",
                    )
                raise ValidationError(message)

    @api.onchange("complaint_lot_id")
    def _onchange_complaint_lot_id(self):
        for ticket in self:
            if ticket.complaint_lot_id:
                ticket.complaint_product_id = ticket.complaint_lot_id.product_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._complaint_complete_from_lot(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("complaint_lot_id") and "complaint_product_id" not in vals:
            vals = dict(vals)
            self._complaint_complete_from_lot(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_complaint_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        action["domain"] = [("id", "in", self.complaint_rma_ids.ids)]
        action["context"] = {"create": False}
        if len(self.complaint_rma_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.complaint_rma_ids.id
        return action

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    @api.model
    def _complaint_complete_from_lot(self, vals):
        """The product concerned is the lot's, where the caller gave none."""
        lot = self.env["stock.lot"].sudo().browse(vals.get("complaint_lot_id"))
        if lot and not vals.get("complaint_product_id"):
            vals["complaint_product_id"] = lot.product_id.id

    def _complaint_delivered_move_lines(self, lot=None):
        """The done delivery lines of lots to the complaint's customer (of its
        sale order, when it names one), newest first."""
        self.ensure_one()
        domain = [
            ("state", "=", "done"),
            ("picking_code", "=", "outgoing"),
            ("location_dest_id.usage", "=", "customer"),
            ("picking_partner_id", "child_of", self.commercial_partner_id.id),
            ("company_id", "=", self.company_id.id),
        ]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        else:
            domain.append(("lot_id", "!=", False))
        if self.complaint_product_id and not lot:
            domain.append(("product_id", "=", self.complaint_product_id.id))
        if self.complaint_sale_order_id:
            domain.append(
                ("move_id.sale_line_id.order_id", "=", self.complaint_sale_order_id.id)
            )
        # sudo: the agent needs no Inventory rights to see which lots went to
        # the customer of their own complaint
        return self.env["stock.move.line"].sudo().search(domain, order="date desc")

    def _complaint_delivery_datetime(self):
        """When the goods concerned reached the customer, or False."""
        self.ensure_one()
        if not self.commercial_partner_id:
            return False
        if self.complaint_lot_id:
            lines = self._complaint_delivered_move_lines(self.complaint_lot_id)
            return lines[:1].date
        moves = self._complaint_delivered_moves()
        return max(moves.mapped("date"), default=False)

    def _complaint_delivered_moves(self):
        """The done outgoing moves of the complaint's sale order (of its
        product, when it names one)."""
        self.ensure_one()
        # sudo: reading the deliveries of the order the complaint names
        order = self.complaint_sale_order_id.sudo()
        moves = order.picking_ids.move_ids.filtered(
            lambda m: m.state == "done"
            and m.picking_code == "outgoing"
            and m.location_dest_id.usage == "customer"
        )
        product = self.complaint_lot_id.product_id or self.complaint_product_id
        if product:
            moves = moves.filtered(lambda m: m.product_id == product)
        return moves
