# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ComplaintSupplierClaim(models.Model):
    _inherit = "complaint.supplier.claim"

    # the core's free text, proposed from the lot or serial the complaint names
    lot_name = fields.Char(
        compute="_compute_lot_name", store=True, readonly=False, precompute=True
    )

    @api.depends("ticket_id", "product_id")
    def _compute_lot_name(self):
        for claim in self:
            # sudo: the agent needs no Inventory rights to name the lot
            lot = claim.ticket_id.sudo().complaint_lot_id
            if not claim.lot_name and lot and lot.product_id == claim.product_id:
                claim.lot_name = lot.name

    @api.model
    def _get_default_supplier(self, ticket, product, company):
        # the vendor that delivered the complaint's lot, before the vendor list
        lot = ticket.sudo().complaint_lot_id
        if lot and (not product or lot.product_id == product):
            supplier = self._get_lot_supplier(lot)
            if supplier:
                return supplier
        return super()._get_default_supplier(ticket, product, company)

    @api.model
    def _get_lot_supplier(self, lot):
        """The partner of the done receipt from a vendor that brought ``lot``
        in (the first one), or an empty recordset."""
        # sudo: the receipt is Inventory data; only the vendor is proposed
        line = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("state", "=", "done"),
                    ("picking_code", "=", "incoming"),
                    ("location_id.usage", "=", "supplier"),
                    ("picking_id.partner_id", "!=", False),
                ],
                order="date, id",
                limit=1,
            )
        )
        return line.picking_id.partner_id.commercial_partner_id.with_env(self.env)
