"""Money decisions: rates, rounding, four eyes."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_compensation import CompensationCase


@tagged("post_install", "-at_install")
class TestMoneyHardening(CompensationCase):
    def test_missing_rate_is_refused_with_a_clear_error(self):
        self.env["res.currency.rate"].search(
            [("currency_id", "=", self.foreign.id)]
        ).unlink()
        compensation = self._compensation(50, currency_id=self.foreign.id)
        date = fields.Date.context_today(compensation)
        with (
            self.assertRaisesRegex(
                UserError,
                f"no exchange rate for {self.foreign.name} on or before {date}",
            ),
            self.cr.savepoint(),
        ):
            compensation.action_submit()
        compensation.invalidate_recordset()
        self.assertEqual(compensation.state, "draft")

    def test_rate_dated_after_the_compensation_does_not_count(self):
        self.env["res.currency.rate"].search(
            [("currency_id", "=", self.foreign.id)]
        ).write({"name": "2099-01-01"})
        compensation = self._compensation(50, currency_id=self.foreign.id)
        with self.assertRaisesRegex(UserError, "no exchange rate"):
            compensation.action_submit()

    def test_amounts_are_rounded_to_the_currency(self):
        compensation = self._compensation(10.004)
        self.assertEqual(compensation.amount, 10.0)
        compensation.amount = 12.3456
        self.assertEqual(compensation.amount, 12.35)

    def test_four_eyes_above_the_company_amount(self):
        self.company.complaint_four_eyes_amount = 300
        small = self._compensation(80)
        small.action_submit()
        self.assertEqual(small.state, "approved", "below four eyes: own limit")
        compensation = self._compensation(500)
        compensation.action_submit()
        compensation.with_user(self.user_manager).action_approve()
        self.assertEqual(compensation.state, "to_approve")
        self.assertEqual(compensation.first_approver_id, self.user_manager)
        self.assertFalse(compensation.with_user(self.user_manager).can_approve)
        with self.assertRaisesRegex(UserError, "second manager"):
            compensation.with_user(self.user_manager).action_approve()
        compensation.with_user(self.user_senior).action_approve()
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.approver_id, self.user_senior)

    def test_four_eyes_applies_even_within_own_limit(self):
        self.company.complaint_four_eyes_amount = 300
        compensation = self._compensation(500, user=self.user_senior)
        compensation.with_user(self.user_senior).action_submit()
        self.assertEqual(compensation.state, "to_approve")
        with self.assertRaisesRegex(UserError, "requester cannot approve"):
            compensation.with_user(self.user_senior).action_approve()
