"""Fixtures for the sales bridge: a confirmed, invoiced sale order."""

from odoo import Command


def confirmed_invoiced_order(env, partner, product, quantity=2, price=100.0):
    """A sale order confirmed and invoiced (invoice posted), as the
    salesperson and the accountant do it."""
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "price_unit": price,
                    }
                )
            ],
        }
    )
    order.action_confirm()
    invoice = order._create_invoices()
    invoice.action_post()
    return order, invoice


def sale_product(env, tax):
    return env["product.product"].create(
        {
            "name": "Coffee grinder",
            "type": "service",
            "invoice_policy": "order",
            "list_price": 100.0,
            "taxes_id": [Command.set(tax.ids)],
        }
    )
