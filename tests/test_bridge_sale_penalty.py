"""Issue 18: the penalty's price comes from the linked order line when the
sales bridge is installed, otherwise it is entered by hand."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common_account import AccountComplaintCase
from .common_sale import confirmed_invoiced_order


@tagged("post_install", "-at_install")
class TestSalePenaltyPrice(AccountComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # goods: 2 x 100.00 + 10% tax = 220.00 paid
        cls.order, _invoice = confirmed_invoiced_order(
            cls.env, cls.customer, cls.product
        )
        cls.line = cls.order.order_line
        cls.ru_goods = cls.env.ref("complaint_management.complaint_regime_ru_goods")

    def _complaint(self, **values):
        with freeze_time("2026-03-06 14:00:00"):
            return self._registered_complaint(
                complaint_regime_id=self.ru_goods.id,
                complaint_demand="refund",
                **values,
            )

    def test_the_order_line_gives_the_price_of_the_goods(self):
        complaint = self._complaint(complaint_sale_line_id=self.line.id)
        self.assertEqual(complaint.complaint_penalty_price, 220.0)
        # the refund was due on 16 March: five days late, 1 % of 220 a day
        with freeze_time("2026-03-21 12:00:00"):
            complaint.invalidate_recordset(["complaint_penalty_amount"])
            self.assertEqual(complaint.complaint_penalty_days, 5)
            self.assertEqual(complaint.complaint_penalty_amount, 11.0)

    def test_without_a_line_the_price_is_entered(self):
        complaint = self._complaint(complaint_penalty_price=80.0)
        self.assertEqual(complaint.complaint_penalty_price, 80.0)
        # the order line linked later gives the price it was paid
        complaint.complaint_sale_line_id = self.line
        self.assertEqual(complaint.complaint_penalty_price, 220.0)
        # and the agent may still correct it by hand
        complaint.complaint_penalty_price = 110.0
        self.assertEqual(complaint.complaint_penalty_price, 110.0)

    def test_the_form_proposes_the_line_price(self):
        with Form(self.env["helpdesk.ticket"].with_user(self.user_agent)) as form:
            form.name = "Grinder broke"
            form.description = "<p>Broke.</p>"
            form.category_id = self.category_quality
            form.partner_id = self.customer
            form.complaint_regime_id = self.ru_goods
            form.complaint_penalty_price = 50.0
            form.complaint_sale_order_id = self.order
            self.assertEqual(form.complaint_sale_line_id, self.line)
            self.assertEqual(form.complaint_penalty_price, 220.0)
        self.assertEqual(form.record.complaint_penalty_price, 220.0)

    def test_an_order_in_another_currency_is_converted(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        if eur == self.currency:  # pragma: no cover - the company is in euros
            eur = self.env.ref("base.USD")
            eur.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "company_id": self.company.id,
                "name": "2026-01-01",
                # two units of the order's currency for one of the company's
                "rate": 2.0 * self.currency.rate,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign customers", "currency_id": eur.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "pricelist_id": pricelist.id,
                "date_order": "2026-03-01 10:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": 200.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, eur)
        complaint = self._complaint(complaint_sale_line_id=order.order_line.id)
        # 220.00 in the order's currency is 110.00 in the company's
        self.assertEqual(complaint.complaint_penalty_price, 110.0)
