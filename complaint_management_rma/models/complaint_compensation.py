# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

# Compensation types delivered through an RMA -> the OCA rma operation they
# run: a replacement (or an exchange for another product, chosen when the
# replacement is sent) goes back to the customer as new goods, a repair as
# the customer's own item; a return and refund brings the goods back and
# refunds them with the RMA's own credit note (rma's action_refund), which is
# the compensation's credit note: the accounting bridge makes none for it.
RMA_OPERATIONS = {
    "return": "rma.rma_operation_refund",
    "replacement": "rma.rma_operation_replace",
    "exchange": "rma.rma_operation_replace",
    "repair": "rma.rma_operation_return",
}
# The RMA state in which the compensation of each type is delivered (a
# return: when the RMA's credit note is posted, see _complaint_on_rma_refund).
RMA_DELIVERED_STATES = {
    "replacement": "replaced",
    "exchange": "replaced",
    "repair": "returned",
}
# RMA states in which nothing has reached the company yet: cancelling the
# compensation cancels its RMA.
RMA_CANCELLABLE_STATES = ("draft", "confirmed", "cancelled")
# Stamps of the return, written only when it is opened or done.
RMA_WORKFLOW_FIELDS = frozenset({"rma_id", "rma_cost"})


class ComplaintCompensation(models.Model):
    _inherit = "complaint.compensation"

    rma_id = fields.Many2one(
        comodel_name="rma",
        string="Return (RMA)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    # related fields read as superuser: the agent follows the return of their
    # own compensation without Inventory rights
    rma_state = fields.Selection(
        related="rma_id.state", string="Return Status", store=True
    )
    rma_operation_name = fields.Char(
        related="rma_id.operation_id.name", string="Return Operation"
    )
    rma_required = fields.Boolean(
        string="Goods Come Back",
        compute="_compute_rma_required",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        tracking=True,
        help="The customer returns the goods through an RMA: proposed for a "
        "replacement, exchange or repair of goods named on the complaint. "
        "Untick it for a repair done at the customer's home.",
    )
    rma_quantity = fields.Float(
        string="Quantity to Return",
        digits="Product Unit of Measure",
        compute="_compute_rma_quantity",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="How many units the customer returns: one for a serial number, "
        "else the quantity delivered on the complaint's order line.",
    )
    rma_cost = fields.Monetary(
        string="Value Moved",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The stock value of the goods the return delivered to the "
        "customer (the replacement, or the repaired item), as valued in "
        "inventory; the standard cost where the product is not valued.",
    )
    complaint_out_of_warranty = fields.Boolean(
        related="ticket_id.complaint_out_of_warranty"
    )
    complaint_warranty_end_date = fields.Date(
        related="ticket_id.complaint_warranty_end_date"
    )
    warranty_override = fields.Boolean(
        string="Granted Out of Warranty",
        copy=False,
        tracking=True,
        help="The goods are out of warranty and the company grants this free "
        "replacement or repair all the same.",
    )

    _sql_constraints = [
        (
            "rma_unique",
            "UNIQUE(rma_id)",
            "An RMA serves one compensation only.",
        ),
        (
            "rma_quantity_not_negative",
            "CHECK(rma_quantity >= 0)",
            "The quantity to return cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "compensation_type",
        "ticket_id.complaint_product_id",
        "ticket_id.complaint_lot_id",
    )
    def _compute_rma_required(self):
        for compensation in self:
            if compensation.rma_id or compensation.state in (
                "accepted",
                "declined",
                "done",
                "refused",
                "cancel",
            ):
                # decided: what was agreed stays
                compensation.rma_required = compensation.rma_required
                continue
            product = compensation._complaint_rma_product()
            compensation.rma_required = (
                compensation.compensation_type in RMA_OPERATIONS
                and product.type == "consu"
            )

    @api.depends("compensation_type", "ticket_id.complaint_lot_id")
    def _compute_rma_quantity(self):
        for compensation in self:
            if compensation.rma_quantity or (
                compensation.compensation_type not in RMA_OPERATIONS
            ):
                continue
            # sudo: proposing the quantity from the complaint's own order line
            ticket = compensation.ticket_id.sudo()
            if ticket.complaint_lot_id.product_id.tracking == "serial":
                compensation.rma_quantity = 1.0
            else:
                line = ticket.complaint_sale_line_id
                compensation.rma_quantity = line.qty_delivered or 1.0

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _check_workflow_fields_untouched(self, vals):
        # added to the core's stamps here rather than in _workflow_fields, so
        # that the other bridges keep theirs
        result = super()._check_workflow_fields_untouched(vals)
        forged = RMA_WORKFLOW_FIELDS.intersection(vals)
        if forged and not self.env.context.get(self._workflow_context_key()):
            raise UserError(
                self.env._(
                    "The return of a compensation and the value it moved are "
                    "recorded when the customer accepts and the goods move, "
                    "never written directly."
                )
            )
        return result

    def _check_terms_editable(self):
        # the value a delivered return moved replaces the estimate through
        # the workflow (_complaint_on_rma_state), after the customer decided
        if self.env.context.get(self._workflow_context_key()):
            return
        return super()._check_terms_editable()

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        for compensation in self:
            compensation._complaint_check_warranty()
        return super().action_submit()

    def action_offer(self):
        # what cannot become a return is not offered: the customer would
        # accept a remedy the company cannot run
        for compensation in self:
            compensation._complaint_check_rma_possible()
        return super().action_offer()

    def action_create_rma(self):
        """Open the return of an approved, accepted replacement or repair
        (made at acceptance; again by hand if that failed)."""
        for compensation in self:
            compensation._complaint_create_rma()
        return True

    def action_view_rma(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "rma",
            "view_mode": "form",
            "res_id": self.rma_id.id,
        }

    # ------------------------------------------------------------
    # Remedy hooks
    # ------------------------------------------------------------

    def _complaint_fulfil(self):
        result = super()._complaint_fulfil()
        self._complaint_make_documents("rma", lambda c: c._complaint_create_rma())
        return result

    def _complaint_remedy_document(self):
        claimed = super()._complaint_remedy_document()
        if claimed:
            return claimed
        if self.rma_id or (
            self.rma_required and self.compensation_type in RMA_OPERATIONS
        ):
            return "rma"
        return False

    def _complaint_by_rma(self):
        return self._complaint_remedied_by("rma")

    def _get_cancellable_states(self):
        states = super()._get_cancellable_states()
        if not self._complaint_by_rma() or "accepted" in states:
            return states
        # accepted: its RMA has received nothing yet (_complaint_before_cancel
        # refuses otherwise) and is cancelled with it
        return (*states, "accepted")

    def _complaint_before_cancel(self):
        # sudo: the RMA was opened by the acceptance on the company's behalf;
        # the agent cancelling the compensation needs no Inventory rights to
        # see whether goods moved, nor to cancel a return nothing came back on
        rmas = self.sudo().rma_id
        moved = rmas.filtered(lambda r: r.state not in RMA_CANCELLABLE_STATES)
        if moved:
            raise UserError(
                self.env._(
                    "Return %(rmas)s has already moved goods: finish or cancel it "
                    "in Inventory first, then cancel the compensation.",
                    rmas=", ".join(moved.mapped("name")),
                )
            )
        rmas.filtered(lambda r: r.state != "cancelled").action_cancel()
        return super()._complaint_before_cancel()

    # ------------------------------------------------------------
    # Returns
    # ------------------------------------------------------------

    def _complaint_rma_product(self):
        self.ensure_one()
        ticket = self.ticket_id.sudo()
        return ticket.complaint_lot_id.product_id or ticket.complaint_product_id

    def _complaint_type_label(self):
        self.ensure_one()
        types = dict(self._fields["compensation_type"]._description_selection(self.env))
        return types[self.compensation_type].lower()

    def _complaint_check_warranty(self):
        """A free replacement or repair of goods out of warranty is proposed
        only once the agent confirms it is granted anyway."""
        self.ensure_one()
        if (
            self.compensation_type in RMA_OPERATIONS
            and self.ticket_id.complaint_out_of_warranty
            and not self.warranty_override
        ):
            ticket = self.ticket_id
            raise UserError(
                self.env._(
                    "The goods of complaint %(complaint)s were delivered on "
                    "%(delivered)s and their warranty ended on %(end)s. Tick "
                    "“Granted Out of Warranty” on the compensation to propose a "
                    "free %(type)s all the same.",
                    complaint=ticket.display_name,
                    delivered=format_date(self.env, ticket.complaint_delivery_date),
                    end=format_date(self.env, ticket.complaint_warranty_end_date),
                    type=self._complaint_type_label(),
                )
            )

    def _complaint_check_rma_possible(self):
        """Raise why this compensation cannot become an RMA, if it is a type
        that does."""
        self.ensure_one()
        if not self._complaint_by_rma():
            return
        self._complaint_check_warranty()
        ticket = self.ticket_id.sudo()
        product = self._complaint_rma_product()
        if product.type != "consu":
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s names no goods that can come back: "
                    "choose the product concerned, or its lot or serial number, "
                    "or untick “Goods Come Back”.",
                    complaint=ticket.display_name,
                )
            )
        if product.tracking != "none" and not ticket.complaint_lot_id:
            raise UserError(
                self.env._(
                    "%(product)s is tracked by lot or serial number: choose on "
                    "complaint %(complaint)s the one the customer returns.",
                    product=product.display_name,
                    complaint=ticket.display_name,
                )
            )
        if self.rma_quantity <= 0:
            raise UserError(
                self.env._(
                    "%(compensation)s returns no quantity: enter how many units "
                    "the customer returns.",
                    compensation=self.display_name,
                )
            )
        if not self.env.ref(RMA_OPERATIONS[self.compensation_type], False):
            raise UserError(
                self.env._(
                    "The return operation for a %(type)s is missing: ask an "
                    "administrator to restore the RMA operations.",
                    type=self._complaint_type_label(),
                )
            )

    def _complaint_create_rma(self):
        self.ensure_one()
        # a retried job, a double click or a second cursor waits here for the
        # first, then finds its RMA
        self._lock_for_decision()
        if self.rma_id:
            raise UserError(
                self.env._(
                    "%(compensation)s already has its return %(rma)s: one "
                    "compensation opens one RMA.",
                    compensation=self.display_name,
                    rma=self.sudo().rma_id.name,
                )
            )
        if self.state != "accepted" or not self.approver_id:
            raise UserError(
                self.env._(
                    "%(compensation)s is not approved and accepted by the "
                    "customer: a return is opened only for an approved remedy "
                    "the customer accepted.",
                    compensation=self.display_name,
                )
            )
        if not self._complaint_by_rma():
            raise UserError(
                self.env._(
                    "%(compensation)s is not a return, replacement, exchange "
                    "or repair whose goods come back: it opens no return.",
                    compensation=self.display_name,
                )
            )
        self._complaint_check_rma_possible()
        # sudo: the approval of the compensation within a covering limit and
        # the customer's acceptance are the authority for this return; the
        # agent, or the customer accepting in the portal, need no Inventory
        # or RMA rights. What it returns is the complaint's own product, lot
        # and quantity, checked above.
        self_sudo = self.sudo().with_company(self.company_id)
        rma = self_sudo.env["rma"].create(self_sudo._complaint_rma_values())
        self._set_workflow_values({"rma_id": rma.id})
        rma.action_confirm()
        self_sudo._complaint_set_returned_lot(rma)
        rma.message_post(
            body=self.env._(
                "Return for compensation %(compensation)s of complaint "
                "%(complaint)s, approved by %(approver)s.",
                compensation=self.display_name,
                complaint=self_sudo.ticket_id.display_name,
                approver=self_sudo.approver_id.name or "",
            )
        )
        self.message_post(
            body=self.env._("Return %(rma)s is opened.", rma=rma.name),
        )
        self._complaint_post_return_instructions()
        return rma

    def _complaint_rma_values(self):
        self.ensure_one()
        ticket = self.ticket_id
        product = self._complaint_rma_product()
        move = self._complaint_origin_move(product)
        values = {
            "partner_id": ticket.partner_id.id,
            "company_id": self.company_id.id,
            "origin": ticket.complaint_ref or ticket.number,
            "operation_id": self.env.ref(RMA_OPERATIONS[self.compensation_type]).id,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": self.rma_quantity,
            "description": Markup("<p>%s</p>") % (self.description or ticket.name),
        }
        if move:
            values.update(
                {
                    "picking_id": move.picking_id.id,
                    "move_id": move.id,
                    "product_uom": move.product_uom.id,
                    "product_uom_qty": move.product_uom._compute_quantity(
                        self.rma_quantity, move.product_uom
                    )
                    if move.product_uom != product.uom_id
                    else self.rma_quantity,
                }
            )
        return values

    def _complaint_origin_move(self, product):
        """The delivery the goods came with, when the complaint names a sale
        order: the move that delivered the lot, or the order's latest done
        move of the product."""
        ticket = self.ticket_id
        if not ticket.complaint_sale_order_id:
            return self.env["stock.move"]
        if ticket.complaint_lot_id:
            lines = ticket._complaint_delivered_move_lines(ticket.complaint_lot_id)
            return lines[:1].move_id
        moves = ticket._complaint_delivered_moves().filtered(
            lambda m: m.product_id == product
        )
        return moves.sorted("date")[-1:]

    def _complaint_set_returned_lot(self, rma):
        """The receipt expects the complaint's own lot or serial, not another
        one the original delivery carried."""
        lot = self.ticket_id.complaint_lot_id
        move = rma.reception_move_id
        if not lot or not move or move.state in ("done", "cancel"):
            return
        lines = move.move_line_ids
        if lines.lot_id == lot:
            return
        lines.unlink()
        line_vals = move._prepare_move_line_vals(quantity=move.product_uom_qty)
        self.env["stock.move.line"].create(dict(line_vals, lot_id=lot.id))

    def _complaint_post_return_instructions(self):
        """The customer's instructions for sending the goods back, in their
        language, on the complaint they follow (and so by mail)."""
        self.ensure_one()
        template = self.env.ref(
            "complaint_management_rma.mail_template_compensation_return"
        )
        rendered = {
            field: template._render_field(field, self.ids, compute_lang=True)[self.id]
            for field in ("subject", "body_html")
        }
        ticket = self.ticket_id.sudo()
        # our own template: no need to check its wording
        ticket.with_context(complaint_phrase_confirmed=True).message_post(
            subject=rendered["subject"],
            body=rendered["body_html"],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=ticket.partner_id.ids,
            **ticket._get_complaint_company_author(),
        )

    def _complaint_on_rma_state(self):
        """The RMA moved: the compensation of a delivered return is
        delivered, at the value its goods moved."""
        for compensation in self.filtered(lambda c: c.state == "accepted"):
            rma = compensation.rma_id
            if rma.state != RMA_DELIVERED_STATES.get(compensation.compensation_type):
                continue
            cost = compensation._complaint_rma_value(rma)
            values = {"rma_cost": cost}
            if compensation.compensation_type != "repair":
                # what the replacement cost the company is the compensation's
                # value in every figure; a repair's value stays the approved
                # one (its work is no stock)
                values["amount"] = cost
            approved = compensation._format_amount()
            compensation._set_workflow_values(values)
            compensation._complaint_mark_delivered()
            compensation.message_post(
                body=self.env._(
                    "Return %(rma)s is done: the goods delivered are valued at "
                    "%(cost)s (approved: %(approved)s).",
                    rma=rma.name,
                    cost=compensation._format_amount(cost),
                    approved=approved,
                )
            )

    def _complaint_rma_value(self, rma):
        """The stock value of what the RMA delivered to the customer, in the
        compensation's currency."""
        self.ensure_one()
        moves = rma.delivery_move_ids.filtered(lambda m: m.state == "done")
        company = self.company_id
        layers = moves.stock_valuation_layer_ids
        if layers:
            value = -sum(layers.mapped("value"))
        else:
            value = sum(
                move.product_id.with_company(company).standard_price
                * move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
                for move in moves
            )
        return company.currency_id._convert(
            value, self.currency_id, company, fields.Date.context_today(self)
        )

    def _complaint_on_rma_refund(self, refund):
        """The RMA of an accepted return and refund issued its credit note:
        priced at the approved amount, it is this compensation's credit note
        (posted at once where the company posts them), whose posting
        delivers the compensation."""
        self.ensure_one()
        if self.state != "accepted" or self.move_id:
            return
        # sudo: the RMA's refund, issued by a stock user, pays the approved
        # compensation whether or not that user works on complaints or
        # invoices
        self_sudo = self.sudo()
        refund = refund.sudo()
        line = refund.invoice_line_ids.filtered(lambda ln: ln.rma_id == self.rma_id)
        if refund.currency_id.compare_amounts(refund.amount_total, 0.0) > 0:
            # the approved amount, taxes included: the unit price scaled by
            # the taxes, then fitted to the cent
            line.price_unit *= self.amount / refund.amount_total
        self_sudo._complaint_fit_price(refund)
        self._set_workflow_values({"move_id": refund.id})
        refund.message_post(
            body=self.env._(
                "Credit note for compensation %(compensation)s of complaint "
                "%(complaint)s, approved by %(approver)s.",
                compensation=self.display_name,
                complaint=self_sudo.ticket_id.display_name,
                approver=self_sudo.approver_id.name or "",
            )
        )
        if self_sudo.company_id.complaint_post_credit_notes:
            refund.action_post()
