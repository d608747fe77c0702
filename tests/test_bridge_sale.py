import re

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common_account import AccountComplaintCase
from .common_sale import confirmed_invoiced_order, sale_product


@tagged("post_install", "-at_install")
class TestBridgeSale(AccountComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sale_product = sale_product(cls.env, cls.tax)
        # 2 x 100.00 + 10% tax = 220.00
        cls.order, cls.invoice = confirmed_invoiced_order(
            cls.env, cls.customer, cls.sale_product
        )
        cls.order_line = cls.order.order_line

    def test_the_order_line_fills_the_complaint(self):
        complaint = self._registered_complaint(
            complaint_sale_line_id=self.order_line.id
        )
        self.assertEqual(complaint.complaint_sale_order_id, self.order)
        self.assertEqual(complaint.complaint_product_id, self.sale_product)
        self.assertEqual(complaint.complaint_sale_qty, 2)
        self.assertEqual(complaint.complaint_sale_price_paid, 220.0)
        self.assertEqual(complaint.complaint_invoice_id, self.invoice)
        self.assertEqual(
            complaint.complaint_invoice_line_id, self.order_line.invoice_lines
        )
        self.assertEqual(complaint.complaint_amount_paid, 220.0)
        self.assertEqual(self.order.complaint_count, 1)
        self.assertEqual(self.order.action_view_complaints()["res_id"], complaint.id)

    def test_the_form_proposes_line_product_and_invoice(self):
        with Form(self.env["helpdesk.ticket"]) as ticket_form:
            ticket_form.name = "Grinder too loud"
            ticket_form.description = "<p>Very loud.</p>"
            ticket_form.category_id = self.category_quality
            ticket_form.partner_id = self.customer
            ticket_form.complaint_sale_order_id = self.order
            # the only line of the order is proposed
            self.assertEqual(ticket_form.complaint_sale_line_id, self.order_line)
            self.assertEqual(ticket_form.complaint_product_id, self.sale_product)
            self.assertEqual(ticket_form.complaint_invoice_id, self.invoice)
        complaint = ticket_form.record
        self.assertEqual(
            complaint.complaint_invoice_line_id, self.order_line.invoice_lines
        )

    def test_agent_finds_the_customers_orders(self):
        orders = (
            self.env["sale.order"]
            .with_user(self.user_agent)
            .search(
                [
                    ("state", "=", "sale"),
                    ("partner_id.commercial_partner_id", "=", self.customer.id),
                ]
            )
        )
        self.assertEqual(orders, self.order)
        complaint = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_agent)
            .create(
                {
                    "name": "Grinder too loud",
                    "description": "<p>Very loud.</p>",
                    "category_id": self.category_quality.id,
                    "partner_id": self.customer.id,
                    "complaint_sale_line_id": self.order_line.id,
                }
            )
        )
        self.assertEqual(complaint.complaint_invoice_id, self.invoice)
        self.assertEqual(complaint.complaint_sale_price_paid, 220.0)

    def test_another_customers_order_is_refused(self):
        other_order, _invoice = confirmed_invoiced_order(
            self.env, self.other_customer, self.sale_product
        )
        complaint = self._registered_complaint()
        with self.assertRaisesRegex(ValidationError, "not by the customer"):
            complaint.complaint_sale_order_id = other_order

    def test_another_companys_order_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other shop"})
        complaint = self._registered_complaint()
        complaint.sudo().company_id = other_company
        with self.assertRaisesRegex(ValidationError, "another company"):
            complaint.complaint_sale_order_id = self.order

    def test_an_orders_complaints_open_as_a_list(self):
        complaints = self._registered_complaint(
            complaint_sale_line_id=self.order_line.id
        ) | self._registered_complaint(complaint_sale_line_id=self.order_line.id)
        action = self.order.action_view_complaints()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        self.assertEqual(action["domain"][0][:2], ("id", "in"))
        self.assertEqual(sorted(action["domain"][0][2]), sorted(complaints.ids))
        self.assertFalse(action["res_id"])
        self.assertFalse(action["context"]["create"])

    def test_an_unconfirmed_order_is_refused(self):
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.sale_product.id})],
            }
        )
        complaint = self._registered_complaint()
        with self.assertRaisesRegex(ValidationError, "not a confirmed order"):
            complaint.complaint_sale_order_id = quotation

    def test_refund_on_the_order_line(self):
        complaint = self._registered_complaint(
            complaint_sale_line_id=self.order_line.id
        )
        compensation = self._offered(complaint, 150)
        self.assertEqual(compensation.approver_id, self.user_manager)
        compensation.action_accept()
        move = compensation.move_id.with_env(self.env)
        self.assertEqual(move.reversed_entry_id, self.invoice)
        self.assertEqual(move.amount_total, 150.0)
        self.assertEqual(move.invoice_line_ids.tax_ids, self.tax)
        # a refund of money is no return of goods: the order keeps its
        # invoiced quantity
        self.assertFalse(move.invoice_line_ids.sale_line_ids)
        move.action_post()
        self.assertEqual(self.order_line.qty_invoiced, 2)
        self.assertEqual(compensation.state, "done")


@tagged("post_install", "-at_install")
class TestBridgeSalePortal(HttpCase):
    """The customer accepts the refund in the portal; the credit note is
    made for them without any Invoicing right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.owner = new_test_user(
            cls.env,
            login="sale_owner",
            name="Sally Owner",
            groups="base.group_portal",
        )
        cls.owner.partner_id.email = "sally@example.com"
        cls.manager = new_test_user(
            cls.env,
            login="sale_complaint_manager",
            name="Max Manager",
            groups="complaint_management.group_complaint_manager",
        )
        cls.agent = new_test_user(
            cls.env,
            login="sale_complaint_agent",
            name="Ada Agent",
            groups="complaint_management.group_complaint_user",
        )
        Limit = cls.env["complaint.approval.limit"]
        Limit.search([]).unlink()
        Limit.create(
            [
                {"user_id": cls.agent.id, "amount": 100, "company_id": company.id},
                {"user_id": cls.manager.id, "amount": 1000, "company_id": company.id},
            ]
        )
        tax = cls.env["account.tax"].create(
            {
                "name": "Portal test VAT 10%",
                "amount": 10,
                "type_tax_use": "sale",
                "company_id": company.id,
            }
        )
        cls.tax = tax
        product = sale_product(cls.env, tax)
        cls.order, cls.invoice = confirmed_invoiced_order(
            cls.env, cls.owner.partner_id, product
        )
        category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal refunds", "complaint_kind": "quality"}
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Grinder broke",
                "description": "<p>Broke after a week.</p>",
                "category_id": category.id,
                "partner_id": cls.owner.partner_id.id,
                "complaint_sale_line_id": cls.order.order_line.id,
            }
        )
        cls.complaint.action_complaint_register()

    def test_customer_accepts_the_refund_in_the_portal(self):
        Compensation = self.env["complaint.compensation"].with_user(self.agent)
        compensation = Compensation.create(
            {
                "ticket_id": self.complaint.id,
                "compensation_type": "refund",
                "amount": 150,
                "description": "150.00 back on your grinder.",
            }
        )
        compensation.action_submit()
        self.assertEqual(compensation.state, "to_approve")
        compensation.with_user(self.manager).action_approve()
        compensation.action_offer()

        self.authenticate("sale_owner", "sale_owner")
        ticket_page = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(ticket_page.status_code, 200)
        self.assertIn(self.order.name, ticket_page.text)
        page_url = f"/my/compensation/{compensation.id}"
        page = self.url_open(page_url)
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"{page_url}/accept", data={"csrf_token": csrf, "comment": "Fine"}
        )
        self.assertEqual(response.status_code, 200)
        compensation.invalidate_recordset()
        self.assertEqual(compensation.state, "accepted")
        move = compensation.sudo().move_id
        self.assertTrue(move)
        self.assertEqual(move.partner_id, self.owner.partner_id)
        self.assertEqual(move.reversed_entry_id, self.invoice)
        self.assertEqual(move.amount_total, 150.0)
        self.assertEqual(move.invoice_line_ids.tax_ids, self.tax)
        self.assertEqual(move.state, "draft")

        # the customer had paid the invoice: the refund is paid out
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({"payment_date": fields.Date.today()})._create_payments()
        move.action_post()
        self.assertEqual(compensation.state, "done")
        self.assertFalse(compensation.paid_date)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": fields.Date.today()})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assertTrue(compensation.paid_date)
