"""Fixtures for the accounting bridge: the demo company's chart of accounts,
a taxed product, a posted customer invoice, approval limits and a complaint
on the invoice line."""

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import ComplaintCase


class AccountComplaintCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert cls.company.chart_template, "the test company needs a chart"
        cls.currency = cls.company.currency_id
        cls.income_account = cls.env["account.account"].search(
            [
                ("account_type", "=", "income"),
                ("company_ids", "in", cls.company.ids),
            ],
            limit=1,
        )
        assert cls.income_account, "the chart of accounts has no income account"
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Complaint test VAT 10%",
                "amount": 10,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Espresso machine",
                "type": "consu",
                "list_price": 100.0,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Oscar Other", "email": "oscar.other@example.com"}
        )
        Limit = cls.env["complaint.approval.limit"]
        Limit.search([]).unlink()
        Limit.create(
            [
                {
                    "user_id": cls.user_agent.id,
                    "amount": 100,
                    "company_id": cls.company.id,
                },
                {
                    "group_id": cls.env.ref(
                        "complaint_management.group_complaint_manager"
                    ).id,
                    "amount": 1000,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.user_accountant = new_test_user(
            cls.env,
            login="complaint_accountant",
            name="Anna Accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )

    @classmethod
    def _posted_invoice(cls, partner=None, quantity=2, price=100.0):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or cls.customer).id,
                "company_id": cls.company.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.set(cls.tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _compensation(self, complaint, amount, **values):
        vals = {
            "ticket_id": complaint.id,
            "compensation_type": "refund",
            "amount": amount,
            "description": "Part of the price back.",
        }
        vals.update(values)
        return (
            self.env["complaint.compensation"].with_user(self.user_agent).create(vals)
        )

    def _offered(self, complaint, amount, **values):
        """Requested by the agent; above the agent's limit, approved by the
        manager; offered by the agent."""
        compensation = self._compensation(complaint, amount, **values)
        compensation.action_submit()
        if compensation.state == "to_approve":
            compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(compensation.state, "approved")
        compensation.action_offer()
        return compensation

    def _register_payment(self, move):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"payment_date": fields.Date.today()})
            ._create_payments()
        )
