"""Fixtures for the returns bridge: real stock. A serial-tracked product
bought from a vendor (receipt done), sold to the customer and delivered
(sale order confirmed, delivery validated), one serial delivered to another
customer and one left in stock for a replacement."""

from odoo import Command


def validate_picking(picking, lots=None):
    """Validate ``picking`` as a stock user does: the lines' lots set (in
    order) where given, everything picked."""
    picking.action_assign()
    lines = picking.move_ids.move_line_ids
    if lots is not None:
        for line, lot in zip(lines, lots, strict=True):
            if isinstance(lot, str):
                line.lot_name = lot
            else:
                line.lot_id = lot
    picking.move_ids.picked = True
    result = picking.button_validate()
    assert result is True, result
    assert picking.state == "done", picking.state


def serial_stock_fixture(cls, customer, other_customer):
    """Set on ``cls``: warehouse, vendor, category (24 months' warranty),
    product (serials, standard cost 60), serials sn1..sn4, the customer's
    sale order, its delivery and the other customer's delivery."""
    env = cls.env
    cls.warehouse = env["stock.warehouse"].search(
        [("company_id", "=", cls.company.id)], limit=1
    )
    cls.vendor = env["res.partner"].create({"name": "Valve Supplies Ltd"})
    cls.warranty_category = env["product.category"].create(
        {"name": "Machines under warranty", "complaint_warranty_months": 24}
    )
    cls.serial_product = env["product.product"].create(
        {
            "name": "Espresso machine Pro",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "categ_id": cls.warranty_category.id,
            "list_price": 100.0,
            "standard_price": 60.0,
            "invoice_policy": "delivery",
            "seller_ids": [Command.create({"partner_id": cls.vendor.id})],
        }
    )
    in_type = cls.warehouse.in_type_id
    receipt = env["stock.picking"].create(
        {
            "partner_id": cls.vendor.id,
            "picking_type_id": in_type.id,
            "location_id": in_type.default_location_src_id.id,
            "location_dest_id": cls.warehouse.lot_stock_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": cls.serial_product.name,
                        "product_id": cls.serial_product.id,
                        "product_uom_qty": 4,
                        "product_uom": cls.serial_product.uom_id.id,
                        "location_id": in_type.default_location_src_id.id,
                        "location_dest_id": cls.warehouse.lot_stock_id.id,
                    }
                )
            ],
        }
    )
    receipt.action_confirm()
    validate_picking(receipt, ["SN-001", "SN-002", "SN-003", "SN-004"])
    cls.vendor_receipt = receipt
    lots = receipt.move_ids.move_line_ids.lot_id.sorted("name")
    cls.sn1, cls.sn2, cls.sn3, cls.sn4 = lots
    cls.order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "warehouse_id": cls.warehouse.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.serial_product.id,
                        "product_uom_qty": 2,
                        "price_unit": 100.0,
                    }
                )
            ],
        }
    )
    cls.order.action_confirm()
    cls.delivery = cls.order.picking_ids
    validate_picking(cls.delivery, [cls.sn1, cls.sn2])
    out_type = cls.warehouse.out_type_id
    cls.other_delivery = env["stock.picking"].create(
        {
            "partner_id": other_customer.id,
            "picking_type_id": out_type.id,
            "location_id": cls.warehouse.lot_stock_id.id,
            "location_dest_id": out_type.default_location_dest_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": cls.serial_product.name,
                        "product_id": cls.serial_product.id,
                        "product_uom_qty": 1,
                        "product_uom": cls.serial_product.uom_id.id,
                        "location_id": cls.warehouse.lot_stock_id.id,
                        "location_dest_id": out_type.default_location_dest_id.id,
                    }
                )
            ],
        }
    )
    cls.other_delivery.action_confirm()
    validate_picking(cls.other_delivery, [cls.sn3])
